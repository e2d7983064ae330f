## Por que um valor de um arquivo de casos foi recusado ou descartado (relatórios de validação).

reason-identifier-column = contém { $what ->
        [email] um endereço de e-mail
        [phone] um número de telefone
        [address] um endereço residencial
        [birth-date] uma data de nascimento exata
        [possible-birth-date] uma data (possivelmente de nascimento)
        [national-id] um número de documento de identidade
        [record-number] um número de prontuário
       *[name] um nome
    }: identificadores diretos são recusados; a coluna inteira é descartada
reason-identifier-refused = parece { $what ->
        [email] um endereço de e-mail
        [phone] um número de telefone
        [address] um endereço residencial
        [birth-date] uma data de nascimento exata
        [possible-birth-date] uma data (possivelmente de nascimento)
        [national-id] um número de documento de identidade
        [record-number] um número de prontuário
       *[name] um nome
    }: identificadores diretos são recusados
reason-identifier-dropped = parece { $what ->
        [email] um endereço de e-mail
        [phone] um número de telefone
        [address] um endereço residencial
        [birth-date] uma data de nascimento exata
        [possible-birth-date] uma data (possivelmente de nascimento)
        [national-id] um número de documento de identidade
        [record-number] um número de prontuário
       *[name] um nome
    }: identificadores diretos são recusados; o valor é descartado
reason-unknown-column = não é uma coluna do conjunto de dados; ignorada
reason-not-utf8 = a linha não é UTF-8 válido
reason-required = é obrigatório
reason-range = deve estar entre { $min } e { $max }
reason-whole-number = deve ser um número inteiro
reason-decimal-number = deve ser um número como 24.5
reason-in-future = está no futuro (hoje é { $today })
reason-dated-in-future = tem data no futuro (hoje é { $today })
reason-date-format = deve ser uma data AAAA-MM-DD
reason-yes-no = deve ser yes ou no
reason-one-of = deve ser um de: { $choices }
reason-country-code = deve ser um código de país ISO 3166-1 alfa-2, como BR
reason-case-id-format = deve ter de 1 a 64 letras, dígitos, '.', '_', '/' ou '-'
reason-patient-key-format = deve ter de 6 a 64 letras, dígitos, '-' ou '_'
reason-unknown-society = não é uma sociedade da aliança
reason-restricted-to = esta importação está restrita a { $society }
reason-own-cases-only = deve ser { $member }: os membros enviam apenas os casos que operaram
reason-not-a-member = não é membro de { $society }
reason-before-year = é anterior a { $year }
reason-locked = o período { $period } está aprovado; retire a aprovação primeiro
reason-stored-case-locked = o caso armazenado está em um período aprovado: o período { $period } está aprovado; retire a aprovação primeiro
reason-before-procedure = é anterior ao procedimento ({ $date })
reason-dated-before-procedure = tem data anterior ao procedimento ({ $date })
reason-before-first-follow-up = é anterior ao acompanhamento de 30 dias ({ $date })
reason-implants-need-devices = uma mamoplastia de aumento com implantes precisa do(s) seu(s) dispositivo(s)
reason-unknown-procedure = '{ $code }' não é um código de procedimento
reason-listed-twice = '{ $code }' aparece duas vezes
reason-procedure-count = deve listar de 1 a { $max } códigos de procedimento
reason-required-for-device = é obrigatório para um dispositivo
reason-too-long = deve ter no máximo { $max } caracteres
reason-complication-format = cada complicação é CÓDIGO:GRAU:AAAA-MM-DD
reason-unknown-complication = '{ $code }' não é um código de complicação
reason-grade = o grau deve ser um grau de Clavien-Dindo: I, II, IIIa, IIIb, IVa, IVb ou V
reason-complication-date-format = a data deve ser AAAA-MM-DD
reason-udi-unclosed = não é um UDI GS1: um '(' sem ')'
reason-udi-unexpected = não é um UDI GS1: texto inesperado '{ $text }'
reason-udi-truncated = não é um UDI GS1: um identificador de aplicação truncado
reason-udi-unknown-ai = não é um UDI GS1: identificador de aplicação desconhecido ({ $ai })
reason-udi-too-short = não é um UDI GS1: ({ $ai }) é curto demais
reason-udi-empty = não é um UDI GS1: ({ $ai }) está vazio
reason-udi-no-di = não é um UDI GS1: sem identificador do dispositivo (01)
reason-udi-check-digit = não é um UDI GS1: (01){ $di } não é um GTIN-14 válido (dígito verificador)
reason-udi-date = não é um UDI GS1: a data '{ $date }' não é AAMMDD
severity-error = erro
severity-dropped = descartado
reason-repeated-in-file = repetido neste arquivo na linha { $row }
reason-file-missing-columns = faltam no cabeçalho as colunas obrigatórias { $columns }; nada foi importado
reason-file-duplicate-column = a coluna aparece duas vezes no cabeçalho; nada foi importado
reason-file-delimiter = as colunas estão separadas por '{ $delimiter }', não por vírgulas: salve o arquivo como CSV UTF-8 (separado por vírgulas); nada foi importado
reason-file-utf16 = o arquivo é texto UTF-16: salve-o como CSV UTF-8; nada foi importado
reason-file-not-text = o arquivo não é texto: salve os casos como CSV UTF-8 ou XLSX; nada foi importado
reason-file-header-not-utf8 = o cabeçalho não é texto UTF-8: salve o arquivo como CSV UTF-8; nada foi importado
reason-file-malformed = o arquivo não pode ser lido como CSV ({ $detail }); nada foi importado
reason-file-unreadable = não foi possível ler o arquivo ({ $detail }); nada foi importado
