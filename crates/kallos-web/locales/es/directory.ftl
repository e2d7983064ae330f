# El directorio público verificado, páginas de verificación, credenciales y certificaciones.
nav-directory = Buscar un cirujano
directory-title = Buscar un cirujano verificado
directory-lead = Cada cirujano de esta lista es miembro al corriente de una sociedad de la alianza y eligió figurar en ella. Una membresía que caduca o se suspende sale del directorio de inmediato.
directory-ordering = Los resultados aparecen por orden alfabético del apellido (luego del nombre y luego de un identificador aleatorio fijado al ingresar el miembro). Nadie puede pagar para aparecer más arriba.
directory-name = Nombre
directory-country = País
directory-city = Ciudad
directory-procedure = Procedimiento ofrecido
directory-language = Idioma hablado
directory-follow-up = Ofrece seguimiento a pacientes operados en el extranjero
directory-follow-up-short = Seguimiento
directory-any = Cualquiera
directory-search = Buscar
directory-found = { $count ->
    [one] Se encontró un cirujano
   *[other] Se encontraron { $count } cirujanos
}
directory-none = Ningún cirujano de la lista cumple los criterios. Pruebe con menos criterios.
directory-societies = Sociedades
directory-languages = Idiomas
directory-procedures = Procedimientos ofrecidos
directory-yes = Sí
directory-no = No
directory-json = El mismo directorio en JSON (API)
directory-page = Página

verify-title = Verificación: { $name }
verify-listed = Figura en el directorio público: un miembro activo que eligió figurar en él.
verify-not-listed = No figura en el directorio público: no tiene membresía activa o el miembro eligió no figurar. Consulte el estado de cada membresía a continuación.
verify-checked = Última comprobación
verify-not-recorded = no registrado
verify-masked = Número parcialmente oculto
verify-share = Compartir esta verificación
verify-qr = Código QR de { $url }
verify-json = Este registro en JSON

member-directory-link = Ficha en el directorio, procedimientos y credenciales
member-directory-title = Directorio y credenciales: { $name }
member-directory-back = Volver al perfil
member-directory-verify = Página pública de verificación:
member-directory-opted-in = Figura en el directorio público mientras tenga una membresía activa.
member-directory-opted-out = No figura en el directorio público (la opción de directorio del perfil está desactivada).
member-directory-procedures-legend = Procedimientos ofrecidos a los pacientes

credentials-title = Credenciales de membresía
credentials-lead = Credenciales verificables W3C firmadas (vc+jwt, Ed25519) que cualquier sociedad o empleador puede comprobar con la clave publicada de la sociedad y con sus listas de revocación y suspensión.
credentials-valid-until = Válida hasta
credentials-actions = Acciones
credentials-download = Descargar
credentials-set-status = Estado
credential-valid = Válida
credential-suspended = Suspendida
credential-revoked = Revocada
credentials-issue = Emitir una credencial de membresía de { $society }
credentials-not-active = Solo se emite una credencial para una membresía activa.
credentials-keys = Claves públicas de las sociedades emisoras:

society-attestations-link = Certificaciones de otras sociedades
attestations-title = Certificaciones recibidas por { $society }
attestations-lead = Pegue una credencial de membresía firmada por otra sociedad de la alianza. Kallos comprueba su firma con la clave publicada de esa sociedad, sus fechas y sus listas de revocación y suspensión, y la registra en lugar de una carta.
attestation-credential = Credencial firmada (vc+jwt)
attestation-verify = Verificar y registrar
attestations-received = Certificaciones verificadas
attestations-issuer = Emitida por
attestations-verified-on = Verificada el
attestation-empty = Pegue primero una credencial.
attestation-refused = La credencial no fue aceptada: { $reason }
verify-not-current = No vigente: un requisito ha dejado de cumplirse desde el { $date } (la comprobación diaria actualizará el estado)
verify-checked-against = Comprobado el { $date } frente a los criterios de { $society }
verify-met = cumplido
verify-met-until = cumplido, válido hasta el { $date }
verify-unmet = no cumplido
verify-criterion-board-certification = Certificación de la especialidad
verify-criterion-medical-licence = Licencia para ejercer la medicina
verify-criterion-society-membership = Pertenencia a una sociedad nacional
verify-criterion-cme-credits = Créditos de formación médica continua
verify-criterion-procedure-volume = Procedimientos registrados en el registro
verify-criterion-ethics-attestation = Adhesión al código de ética declarada este año
verify-criterion-accredited-facility = Opera en un centro acreditado
verify-criterion-sponsors = Avalistas
verify-criterion-years-in-practice = Años de ejercicio
verify-criterion-any-of = Uno entre varios requisitos
