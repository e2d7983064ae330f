## Por qué se rechazó o descartó un valor de un archivo de casos (informes de validación).

reason-identifier-column = contiene { $what ->
        [email] una dirección de correo electrónico
        [phone] un número de teléfono
        [address] una dirección postal
        [birth-date] una fecha de nacimiento exacta
        [possible-birth-date] una fecha (posiblemente de nacimiento)
        [national-id] un documento de identidad
        [record-number] un número de historia clínica
       *[name] un nombre
    }: los identificadores directos se rechazan; se descarta toda la columna
reason-identifier-refused = parece { $what ->
        [email] una dirección de correo electrónico
        [phone] un número de teléfono
        [address] una dirección postal
        [birth-date] una fecha de nacimiento exacta
        [possible-birth-date] una fecha (posiblemente de nacimiento)
        [national-id] un documento de identidad
        [record-number] un número de historia clínica
       *[name] un nombre
    }: los identificadores directos se rechazan
reason-identifier-dropped = parece { $what ->
        [email] una dirección de correo electrónico
        [phone] un número de teléfono
        [address] una dirección postal
        [birth-date] una fecha de nacimiento exacta
        [possible-birth-date] una fecha (posiblemente de nacimiento)
        [national-id] un documento de identidad
        [record-number] un número de historia clínica
       *[name] un nombre
    }: los identificadores directos se rechazan; el valor se descarta
reason-unknown-column = no es una columna del conjunto de datos; se ignora
reason-not-utf8 = la fila no es UTF-8 válido
reason-required = es obligatorio
reason-range = debe estar entre { $min } y { $max }
reason-whole-number = debe ser un número entero
reason-decimal-number = debe ser un número como 24.5
reason-in-future = está en el futuro (hoy es { $today })
reason-dated-in-future = tiene una fecha futura (hoy es { $today })
reason-date-format = debe ser una fecha AAAA-MM-DD
reason-yes-no = debe ser yes o no
reason-one-of = debe ser uno de: { $choices }
reason-country-code = debe ser un código de país ISO 3166-1 alfa-2, como BR
reason-case-id-format = debe tener de 1 a 64 letras, dígitos, '.', '_', '/' o '-'
reason-patient-key-format = debe tener de 6 a 64 letras, dígitos, '-' o '_'
reason-unknown-society = no es una sociedad de la alianza
reason-restricted-to = esta importación está limitada a { $society }
reason-own-cases-only = debe ser { $member }: los miembros solo envían los casos que operaron
reason-not-a-member = no es miembro de { $society }
reason-before-year = es anterior a { $year }
reason-locked = el periodo { $period } está aprobado; retire primero la aprobación
reason-stored-case-locked = el caso guardado está en un periodo aprobado: el periodo { $period } está aprobado; retire primero la aprobación
reason-before-procedure = es anterior al procedimiento ({ $date })
reason-dated-before-procedure = tiene una fecha anterior al procedimiento ({ $date })
reason-before-first-follow-up = es anterior al seguimiento a 30 días ({ $date })
reason-implants-need-devices = un aumento mamario con implantes necesita su(s) dispositivo(s)
reason-unknown-procedure = '{ $code }' no es un código de procedimiento
reason-listed-twice = '{ $code }' figura dos veces
reason-procedure-count = debe enumerar de 1 a { $max } códigos de procedimiento
reason-required-for-device = es obligatorio para un dispositivo
reason-too-long = debe tener como máximo { $max } caracteres
reason-complication-format = cada complicación es CÓDIGO:GRADO:AAAA-MM-DD
reason-unknown-complication = '{ $code }' no es un código de complicación
reason-grade = el grado debe ser un grado de Clavien-Dindo: I, II, IIIa, IIIb, IVa, IVb o V
reason-complication-date-format = la fecha debe ser AAAA-MM-DD
reason-udi-unclosed = no es un UDI GS1: un '(' sin ')'
reason-udi-unexpected = no es un UDI GS1: texto inesperado '{ $text }'
reason-udi-truncated = no es un UDI GS1: un identificador de aplicación truncado
reason-udi-unknown-ai = no es un UDI GS1: identificador de aplicación desconocido ({ $ai })
reason-udi-too-short = no es un UDI GS1: ({ $ai }) es demasiado corto
reason-udi-empty = no es un UDI GS1: ({ $ai }) está vacío
reason-udi-no-di = no es un UDI GS1: falta el identificador del dispositivo (01)
reason-udi-check-digit = no es un UDI GS1: (01){ $di } no es un GTIN-14 válido (dígito de control)
reason-udi-date = no es un UDI GS1: la fecha '{ $date }' no es AAMMDD
severity-error = error
severity-dropped = descartado
reason-repeated-in-file = repetido en este archivo en la fila { $row }
reason-file-missing-columns = al encabezado le faltan las columnas obligatorias { $columns }; no se importó nada
reason-file-duplicate-column = la columna aparece dos veces en el encabezado; no se importó nada
reason-file-delimiter = las columnas están separadas por '{ $delimiter }', no por comas: guarde el archivo como CSV UTF-8 (delimitado por comas); no se importó nada
reason-file-utf16 = el archivo es texto UTF-16: guárdelo como CSV UTF-8; no se importó nada
reason-file-not-text = el archivo no es texto: guarde los casos como CSV UTF-8 o XLSX; no se importó nada
reason-file-header-not-utf8 = el encabezado no es texto UTF-8: guarde el archivo como CSV UTF-8; no se importó nada
reason-file-malformed = el archivo no puede leerse como CSV ({ $detail }); no se importó nada
reason-file-unreadable = no se pudo leer el archivo ({ $detail }); no se importó nada
