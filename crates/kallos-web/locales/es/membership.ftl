# Membresía: criterios, solicitudes, renovaciones, credenciales y formación médica continua.
nav-membership = Membresía
nav-applications = Solicitudes
nav-criteria = Criterios de membresía
member-membership-link = Credenciales, formación continua y elegibilidad
done-applied = Su solicitud se ha enviado. Su evaluación figura a continuación.
done-decided = La decisión se ha registrado.
done-uploaded = La credencial se ha añadido.
done-attested = Su declaración se ha registrado.
done-resigned = Su baja se ha registrado.

col-criterion = Criterio
col-verdict = Resultado
col-detail = Detalle
col-evidence = Justificante
verdict-met = Cumplido
verdict-expires-soon = Cumplido, vence pronto
verdict-expires-on = Cumplido, vence el { $date }
verdict-not-met = No cumplido
verdict-evidence-missing = Falta el justificante

application-title = Solicitud { $id }
application-renewal = renovación
application-pending = Pendiente de decisión
application-approved = Aprobada
application-rejected = Rechazada
application-explanation = Evaluación, criterio por criterio
application-decide = Decisión
col-evaluated = Evaluada el
col-eligible = Cumple los criterios
eligible-yes = Sí
eligible-no = No
col-sponsors = Avalistas
sponsors-declared-unrelated = declarados sin parentesco ni relación de pareja
field-decision = Aprobar o rechazar
decision-approve = Aprobar
decision-reject = Rechazar
field-reason = Motivo (el solicitante lo verá)
button-decide = Registrar la decisión
link-back = Volver

applications-title = Solicitudes a { $society }
applications-pending = Pendientes de decisión
applications-decided = Resueltas
applications-none = No hay solicitudes.

criteria-title = Criterios de membresía de { $society }
criteria-lead = Cada tipo de membresía enumera sus criterios: certificación de la especialidad, licencia para ejercer la medicina, pertenencia a una sociedad, créditos de formación médica continua, procedimientos en el registro, adhesión al código de ética, centro acreditado, avalistas, años de ejercicio, o uno cualquiera entre varios.
criteria-export = Descargar los criterios como archivo:
criteria-not-saved = Estos criterios son un punto de partida y aún no se han guardado: edítelos y guárdelos.
criteria-none = Esta sociedad aún no ha publicado criterios de membresía.
criteria-import = Importar un archivo de criterios
field-criteria = Criterios (TOML)
field-criteria-file = Un archivo de criterios (TOML o JSON)
button-import = Importar

membership-title = Mi membresía
membership-applications = Mis solicitudes y renovaciones
membership-apply = Solicitar o renovar
membership-apply-lead = Su solicitud se evalúa de inmediato frente a los criterios de la sociedad; después deciden sus administradores.
membership-credentials = Credenciales
membership-cme = Créditos de formación médica continua
membership-evaluations = Elegibilidad a día de hoy
member-membership-title = Expediente de membresía de { $name }
col-renewal-due = Renovación prevista
col-ethics-attested = Ética declarada
col-facility-attested = Centro declarado
col-actions = Acciones
button-attest-ethics = Declarar adhesión al código de ética
button-attest-facility = Declarar centros acreditados
button-resign = Darse de baja
field-society = Sociedad
field-sponsors = Correos electrónicos de los avalistas (separados por comas)
field-sponsors-unrelated = Declaro que mis avalistas no son familiares ni pareja míos
field-practice-since = En ejercicio desde
field-attest-ethics = Declaro que cumplo el código de ética de la sociedad
field-attest-facility = Declaro que opero solo en centros acreditados
button-apply = Solicitar

credential-add = Añadir una credencial
credential-board_certification = Certificación de la especialidad
credential-licence = Licencia para ejercer la medicina
credential-facility_accreditation = Acreditación del centro
credential-expired = vencida
evidence-download = Descargar ({ $type })
col-kind = Clase
col-issuer = Emisor
field-credential-kind = Clase
field-issuer = Emisor (consejo de especialidad, autoridad sanitaria u organismo de acreditación)
field-number = Número
field-subject = Centro (para una acreditación)
field-issued-on = Emitida el
field-expires-on = Vence el
field-evidence-file = Justificante: PDF, PNG o JPEG, como máximo { $mib } MiB
button-add-credential = Añadir la credencial

cme-add = Registrar créditos de formación continua
col-activity = Actividad
col-date = Fecha
col-credits = Créditos
col-category = Categoría
field-activity = Actividad
field-completed-on = Realizada el
field-credits = Créditos
field-category = Categoría
button-add-cme = Añadir los créditos

error-date = no es una fecha como 2026-05-04
error-date-order = no debe ser anterior a la fecha de emisión
error-future = no debe ser una fecha futura
error-credits = debe ser un número de créditos como 1.5
error-syntax = no es TOML ni JSON válido
error-too-many = enumera demasiados
error-too-large = es demasiado grande
error-file-type = no es un archivo PDF, PNG ni JPEG

# El detalle de una línea de evaluación; nombres, números y fechas vienen de los justificantes.
detail-no-credential = { $kind ->
    [board_certification] ninguna certificación de la especialidad registrada
    [licence] ninguna licencia para ejercer registrada
   *[facility_accreditation] ninguna acreditación de centro registrada
}
detail-credential-current = vigente: { $credential }
detail-credential-not-accepted = ninguno de los emisores registrados está aceptado: { $issuers }
detail-credential-expired = venció el { $date }
detail-credential-not-yet-valid = aún no es válida
detail-membership-held = { $membership }
detail-membership-none = ninguna membresía de una sociedad aceptada en esta instalación
detail-membership-not-qualifying = las membresías que tiene no cumplen los requisitos (tipo o estado)
detail-cme-total = { $credits } de { $needed } créditos desde el { $date }
detail-procedures-unknown = el recuento del registro no está disponible
detail-procedures-count = { $count } procedimientos en el registro del { $from } al { $to } (se necesitan { $needed })
detail-ethics-none = no se ha declarado la adhesión al código de ética
detail-ethics-future = declaración con fecha futura ({ $date })
detail-ethics-attested = declarada el { $date }
detail-ethics-overdue = última declaración el { $date }; debía renovarse antes del { $due }
detail-sponsors-none = no se ha indicado ningún avalista
detail-sponsors-count = { $count } de { $needed } avalistas que cumplen los requisitos
detail-practice-unknown = no se ha declarado el inicio del ejercicio
detail-practice-years = { $years } años completos de ejercicio desde el { $date }
detail-any-of-met = cumplido mediante: { $option }
detail-any-of-none = no se cumple ninguna de las opciones: { $options }
nav-standing = Gracia y suspensiones
standing-title = { $society }: miembros en periodo de gracia o suspendidos
standing-lead = Cada día se comprueba cada membresía frente a los criterios de permanencia de la sociedad (credenciales, formación continua, declaraciones, membresías). Un criterio no cumplido inicia el periodo de gracia y se avisa al miembro; la membresía se suspende { $days } días después salvo que se corrija, y vuelve a estar activa cuando se cumplen todos los criterios. Los miembros en periodo de gracia o suspendidos no figuran en el directorio público.
standing-none = Ningún miembro está en periodo de gracia ni suspendido.
standing-why-dates = Fechas de renovación o de declaración
col-unmet-since = No cumplido desde
col-suspend-on = Suspensión el
col-why = Motivo
