site-name = Kallos
site-tagline = Registro, membresía y seguridad del paciente para las sociedades de cirugía estética
skip-to-content = Ir al contenido
nav-home = Inicio
nav-societies = Sociedades
nav-profile = Mi perfil
nav-sign-in = Iniciar sesión
nav-sign-out = Cerrar sesión
nav-language = Idioma
signed-in-as = Sesión iniciada como { $name }
footer-note = Kallos es software de código abierto. Las cifras marcadas como datos de demostración son ficticias.

home-title = Una cirugía estética más segura, juntos
home-lead = Kallos es la plataforma común de las sociedades nacionales de cirugía estética de la Alianza Global de ISAPS: sus miembros y credenciales, un registro mundial de procedimientos y resultados, y herramientas públicas para los pacientes.
home-societies = Participan { $count } sociedades.
home-browse = Ver las sociedades
home-for-admins = Los administradores de cada sociedad inician sesión para gestionar a sus miembros.

sign-in-title = Iniciar sesión
sign-in-button = Iniciar sesión
sign-in-failed = El correo electrónico o la contraseña no son correctos.
sign-in-rate-limited = Demasiados intentos. Espere { $minutes } minutos y vuelva a intentarlo.
signed-out = Ha cerrado la sesión.
field-email = Correo electrónico
field-password = Contraseña

societies-title = Sociedades de la alianza
societies-lead = Las sociedades nacionales y regionales que respaldan el Marco Estratégico 2024–2030 de la Alianza Global de ISAPS.
filter-label = Filtrar la tabla
col-acronym = Sigla
col-name = Nombre
col-country = País
col-active-members = Miembros activos
col-city = Ciudad
col-type = Tipo
col-status = Estado
col-board = Consejo certificador
col-number = Número
col-issued = Emitido
col-expires = Vence
col-setting = Ámbito
col-accreditation = Acreditación
col-accredited-until = Acreditado hasta
col-society = Sociedad
col-since = Desde
kind-alliance = Alianza mundial
kind-national = Sociedad nacional
country-none = Regional

society-members-link = Miembros ({ $count })
society-active-members = { $count ->
    [one] Un miembro activo
   *[other] { $count } miembros activos
}
members-title = Miembros de { $society }
members-empty = Todavía no hay miembros.
member-add = Añadir un miembro
member-new-title = Nuevo miembro de { $society }
page-of = Página { $page } de { $pages }
page-prev = Página anterior
page-next = Página siguiente

field-given-name = Nombre
field-family-name = Apellidos
field-country = País (código ISO, p. ej. BR)
field-city = Ciudad
field-languages = Idiomas (códigos ISO 639-1, separados por comas)
field-offers-follow-up = Ofrece seguimiento a pacientes operados en el extranjero
field-directory-opt-in = Figura en el directorio público
field-membership-type = Tipo de membresía
button-save = Guardar
button-create = Crear el miembro
saved = Guardado.
created = Miembro creado.
form-has-errors = Corrija los campos señalados a continuación.

member-memberships = Membresías
member-certifications = Certificaciones
member-facilities = Centros
member-none = Nada registrado.
member-edit = Editar el perfil
profile-title = Mi perfil
profile-no-member = Su cuenta no está vinculada a un registro de miembro.

type-active = Titular
type-associate = Asociado
type-resident = Residente / Fellow
status-applicant = Solicitante
status-active = Activo
status-grace = Periodo de gracia
status-suspended = Suspendido
status-lapsed = Caducado
status-resigned = Dado de baja
setting-office = Consultorio
setting-ambulatory_surgery_centre = Centro de cirugía ambulatoria
setting-hospital = Hospital

error-title = Algo no está bien
error-not-found = No encontramos esa página.
error-unauthenticated = Inicie sesión para ver esta página.
error-forbidden = No tiene acceso a esta página.
error-bad-request = No se pudo entender la solicitud: { $detail }
error-rate-limited = Demasiadas solicitudes. Espere y vuelva a intentarlo.
error-internal = Algo falló de nuestro lado. Si vuelve a ocurrir, cite la solicitud { $id }.
error-conflict = Esto entra en conflicto con datos ya guardados: { $detail }
error-csrf = Este formulario ha caducado. Vuelva atrás, recargue la página e inténtelo de nuevo.
back-home = Volver a la página de inicio

error-required = es obligatorio
error-too-long = es demasiado largo
error-control = no debe contener caracteres de control
error-country = debe ser un código de país ISO 3166, como BR
error-language = debe enumerar códigos de idioma ISO 639-1, como pt, en
error-email = debe ser una dirección de correo electrónico, como nombre@example.org
error-choice = no es una de las opciones
error-taken = ya está registrado
error-type = tiene un tipo incorrecto
error-invalid = no es válido

registry-title = Registro de { $society }
registry-cases = { $count ->
    [one] Hay un caso guardado.
   *[other] Hay { $count } casos guardados.
}
registry-member-lead = Usted envía los casos que operó: cada fila lo identifica como el miembro que operó (member_id { $member }). Los administradores de su sociedad ven todos sus casos.
registry-member-cases = { $count ->
    [one] Hay uno de sus casos guardado.
   *[other] Hay { $count } de sus casos guardados.
}
profile-registry = Enviar casos al registro de { $society }
registry-upload = Enviar un archivo de casos
registry-upload-lead = Un archivo CSV con una fila por caso, en las columnas del conjunto de datos. Se revisa cada fila; las filas correctas se aceptan y el informe enumera las demás.
registry-template = Descargar la plantilla (CSV)
registry-template-xlsx = la plantilla como libro de cálculo (XLSX, con listas de opciones y el diccionario de datos)
registry-file = Archivo CSV o XLSX (como máximo { $mib } MiB)
registry-uploading = Enviando
registry-submit = Enviar e importar
registry-back = Volver al registro
submission-title = Envío { $id }
submission-file = Archivo
submission-running = Importando…
submission-completed = Terminado
submission-rejected = Rechazado
submission-rows-read = Filas leídas
submission-accepted = Casos nuevos
submission-updated = Casos actualizados
submission-unchanged = Casos sin cambios
submission-rejected-rows = Filas rechazadas
submission-refresh = Esta página se actualiza hasta que termine la importación.
submission-report = Informe de validación
submission-no-issues = Todas las filas superaron las comprobaciones.
submission-download = Descargar el informe completo ({ $count } líneas, CSV)
col-row = Fila
col-column = Columna
col-value = Valor
col-reason = Motivo
col-severity = Gravedad
nav-registry = Registro

case-new = Registrar un caso
case-new-title = Nuevo caso para { $society }
case-new-lead = Se aplican las mismas comprobaciones que para un archivo. No introduzca nunca un nombre, correo electrónico, teléfono, dirección, fecha de nacimiento ni documento de identidad: la clave del paciente es un seudónimo de su propio sistema.
case-section-case = El caso
case-section-patient = Factores de riesgo del paciente
case-section-devices = Dispositivos implantados
case-section-outcome = Seguimiento y resultado
case-dictionary = Qué significa cada campo
case-submit = Comprobar y guardar el caso
choice-none = (ninguno)
case-field-case_id = Identificador del caso
case-field-society = Sociedad
case-field-member_id = Miembro que operó (id de Kallos)
case-field-facility_id = Centro (id de Kallos)
case-field-setting = Ámbito
case-field-procedure_country = País del procedimiento
case-field-residence_country = País de residencia del paciente
case-field-procedure_date = Fecha del procedimiento
case-field-procedures = Códigos de procedimiento (separados por ;)
case-field-duration_min = Duración (minutos)
case-field-anaesthesia = Anestesia
case-field-patient_key = Clave seudónima del paciente
case-field-age = Edad (años)
case-field-sex = Sexo
case-field-bmi = Índice de masa corporal
case-field-smoker = Fumador
case-field-diabetes = Diabetes
case-field-asa = Clase ASA
case-field-caprini = Puntuación de Caprini
case-field-device1_manufacturer = Dispositivo 1: fabricante
case-field-device1_model = Dispositivo 1: modelo
case-field-device1_lot = Dispositivo 1: lote
case-field-device1_serial = Dispositivo 1: número de serie
case-field-device1_udi = Dispositivo 1: UDI
case-field-device1_side = Dispositivo 1: lado
case-field-device2_manufacturer = Dispositivo 2: fabricante
case-field-device2_model = Dispositivo 2: modelo
case-field-device2_lot = Dispositivo 2: lote
case-field-device2_serial = Dispositivo 2: número de serie
case-field-device2_udi = Dispositivo 2: UDI
case-field-device2_side = Dispositivo 2: lado
case-field-followup_30_date = Fecha del seguimiento a 30 días
case-field-followup_90_date = Fecha del seguimiento a 90 días
case-field-complications = Complicaciones (CÓDIGO:GRADO:FECHA; …)
case-field-reoperation = Reintervención no planificada
case-field-readmission = Reingreso no planificado
case-field-death = Fallecimiento
case-title = Caso { $id }
case-version = Versión
case-earlier-versions = { $count ->
    [one] se conserva una versión anterior
   *[other] se conservan { $count } versiones anteriores
}
case-find = Buscar un caso por su identificador (para registrar su seguimiento)
case-find-button = Abrir el caso
registry-submissions = Envíos recientes
registry-no-submissions = Todavía no hay envíos.
col-submission = Envío
col-started = Iniciado
