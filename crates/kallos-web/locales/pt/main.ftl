site-name = Kallos
site-tagline = Registro, associação e segurança do paciente para as sociedades de cirurgia estética
skip-to-content = Ir para o conteúdo
nav-home = Início
nav-societies = Sociedades
nav-profile = Meu perfil
nav-sign-in = Entrar
nav-sign-out = Sair
nav-language = Idioma
signed-in-as = Conectado como { $name }
footer-note = Kallos é software de código aberto. Os números marcados como dados de demonstração são fictícios.

home-title = Cirurgia estética mais segura, juntos
home-lead = Kallos é a plataforma comum das sociedades nacionais de cirurgia estética da Aliança Global da ISAPS: seus membros e credenciais, um registro mundial de procedimentos e desfechos, e ferramentas públicas para os pacientes.
home-societies = { $count } sociedades participam.
home-browse = Ver as sociedades
home-for-admins = Os administradores de cada sociedade entram para gerenciar seus membros.

sign-in-title = Entrar
sign-in-button = Entrar
sign-in-failed = O e-mail ou a senha não estão corretos.
sign-in-rate-limited = Tentativas demais. Aguarde { $minutes } minutos e tente novamente.
signed-out = Você saiu da sua conta.
field-email = E-mail
field-password = Senha

societies-title = Sociedades da aliança
societies-lead = As sociedades nacionais e regionais que endossam o Marco Estratégico 2024–2030 da Aliança Global da ISAPS.
filter-label = Filtrar a tabela
col-acronym = Sigla
col-name = Nome
col-country = País
col-active-members = Membros ativos
col-city = Cidade
col-type = Tipo
col-status = Situação
col-board = Título de especialista
col-number = Número
col-issued = Emitido em
col-expires = Vence em
col-setting = Local
col-accreditation = Acreditação
col-accredited-until = Acreditado até
col-society = Sociedade
col-since = Desde
kind-alliance = Aliança global
kind-national = Sociedade nacional
country-none = Regional

society-members-link = Membros ({ $count })
society-active-members = { $count ->
    [one] { $count } membro ativo
   *[other] { $count } membros ativos
}
members-title = Membros da { $society }
members-empty = Ainda não há membros.
member-add = Adicionar um membro
member-new-title = Novo membro da { $society }
page-of = Página { $page } de { $pages }
page-prev = Página anterior
page-next = Próxima página

field-given-name = Nome
field-family-name = Sobrenome
field-country = País (código ISO, p. ex. BR)
field-city = Cidade
field-languages = Idiomas (códigos ISO 639-1, separados por vírgula)
field-offers-follow-up = Oferece acompanhamento a pacientes operados no exterior
field-directory-opt-in = Listado no diretório público
field-membership-type = Categoria de associado
button-save = Salvar
button-create = Criar o membro
saved = Salvo.
created = Membro criado.
form-has-errors = Corrija os campos indicados abaixo.

member-memberships = Associações
member-certifications = Certificações
member-facilities = Estabelecimentos
member-none = Nada registrado.
member-edit = Editar o perfil
profile-title = Meu perfil
profile-no-member = Sua conta não está vinculada a um cadastro de membro.

type-active = Titular
type-associate = Associado
type-resident = Residente / Fellow
status-applicant = Candidato
status-active = Ativo
status-grace = Período de carência
status-suspended = Suspenso
status-lapsed = Expirado
status-resigned = Desligado
setting-office = Consultório
setting-ambulatory_surgery_centre = Centro cirúrgico ambulatorial
setting-hospital = Hospital

error-title = Algo não está certo
error-not-found = Não encontramos essa página.
error-unauthenticated = Entre na sua conta para ver esta página.
error-forbidden = Você não tem acesso a esta página.
error-bad-request = Não foi possível entender a solicitação: { $detail }
error-rate-limited = Solicitações demais. Aguarde e tente novamente.
error-internal = Algo deu errado do nosso lado. Se acontecer de novo, informe a solicitação { $id }.
error-conflict = Isto entra em conflito com dados já armazenados: { $detail }
error-csrf = Este formulário expirou. Volte, recarregue a página e tente novamente.
back-home = Voltar à página inicial

error-required = é obrigatório
error-too-long = é longo demais
error-control = não deve conter caracteres de controle
error-country = deve ser um código de país ISO 3166, como BR
error-language = deve listar códigos de idioma ISO 639-1, como pt, en
error-email = deve ser um endereço de e-mail, como nome@example.org
error-choice = não é uma das opções
error-taken = já está cadastrado
error-type = tem o tipo errado
error-invalid = não é válido

registry-title = Registro da { $society }
registry-cases = { $count ->
    [one] { $count } caso está armazenado.
   *[other] { $count } casos estão armazenados.
}
registry-member-lead = Você envia os casos que operou: cada linha o identifica como o membro que operou (member_id { $member }). Os administradores da sua sociedade veem todos os casos dela.
registry-member-cases = { $count ->
    [one] { $count } caso seu está armazenado.
   *[other] { $count } dos seus casos estão armazenados.
}
profile-registry = Enviar casos ao registro da { $society }
registry-upload = Enviar um arquivo de casos
registry-upload-lead = Um arquivo CSV com uma linha por caso, nas colunas do conjunto de dados. Cada linha é verificada; as linhas corretas são aceitas e o relatório lista as demais.
registry-template = Baixar o modelo (CSV)
registry-template-xlsx = o modelo como planilha (XLSX, com listas de opções e o dicionário de dados)
registry-file = Arquivo CSV ou XLSX (no máximo { $mib } MiB)
registry-uploading = Enviando
registry-submit = Enviar e importar
registry-back = Voltar ao registro
submission-title = Envio { $id }
submission-file = Arquivo
submission-running = Importando…
submission-completed = Concluído
submission-rejected = Rejeitado
submission-rows-read = Linhas lidas
submission-accepted = Casos novos
submission-updated = Casos atualizados
submission-unchanged = Casos inalterados
submission-rejected-rows = Linhas rejeitadas
submission-refresh = Esta página é atualizada até o fim da importação.
submission-report = Relatório de validação
submission-no-issues = Todas as linhas passaram nas verificações.
submission-download = Baixar o relatório completo ({ $count } linhas, CSV)
col-row = Linha
col-column = Coluna
col-value = Valor
col-reason = Motivo
col-severity = Gravidade
nav-registry = Registro

case-new = Registrar um caso
case-new-title = Novo caso para a { $society }
case-new-lead = Aplicam-se as mesmas verificações que para um arquivo. Nunca informe nome, e-mail, telefone, endereço, data de nascimento ou documento de identidade: a chave do paciente é um pseudônimo do seu próprio sistema.
case-section-case = O caso
case-section-patient = Fatores de risco do paciente
case-section-devices = Dispositivos implantados
case-section-outcome = Acompanhamento e desfecho
case-dictionary = O que significa cada campo
case-submit = Verificar e salvar o caso
choice-none = (nenhum)
case-field-case_id = Identificador do caso
case-field-society = Sociedade
case-field-member_id = Membro que operou (id Kallos)
case-field-facility_id = Estabelecimento (id Kallos)
case-field-setting = Local
case-field-procedure_country = País do procedimento
case-field-residence_country = País de residência do paciente
case-field-procedure_date = Data do procedimento
case-field-procedures = Códigos de procedimento (separados por ;)
case-field-duration_min = Duração (minutos)
case-field-anaesthesia = Anestesia
case-field-patient_key = Chave pseudônima do paciente
case-field-age = Idade (anos)
case-field-sex = Sexo
case-field-bmi = Índice de massa corporal
case-field-smoker = Tabagista
case-field-diabetes = Diabetes
case-field-asa = Classe ASA
case-field-caprini = Escore de Caprini
case-field-device1_manufacturer = Dispositivo 1: fabricante
case-field-device1_model = Dispositivo 1: modelo
case-field-device1_lot = Dispositivo 1: lote
case-field-device1_serial = Dispositivo 1: número de série
case-field-device1_udi = Dispositivo 1: UDI
case-field-device1_side = Dispositivo 1: lado
case-field-device2_manufacturer = Dispositivo 2: fabricante
case-field-device2_model = Dispositivo 2: modelo
case-field-device2_lot = Dispositivo 2: lote
case-field-device2_serial = Dispositivo 2: número de série
case-field-device2_udi = Dispositivo 2: UDI
case-field-device2_side = Dispositivo 2: lado
case-field-followup_30_date = Data do acompanhamento de 30 dias
case-field-followup_90_date = Data do acompanhamento de 90 dias
case-field-complications = Complicações (CÓDIGO:GRAU:DATA; …)
case-field-reoperation = Reoperação não planejada
case-field-readmission = Reinternação não planejada
case-field-death = Óbito
case-title = Caso { $id }
case-version = Versão
case-earlier-versions = { $count ->
    [one] { $count } versão anterior mantida
   *[other] { $count } versões anteriores mantidas
}
case-find = Encontrar um caso pelo identificador (para registrar o acompanhamento)
case-find-button = Abrir o caso
registry-submissions = Envios recentes
registry-no-submissions = Ainda não há envios.
col-submission = Envio
col-started = Iniciado em
