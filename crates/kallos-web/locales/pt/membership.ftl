# Associação: critérios, candidaturas, renovações, credenciais e educação médica continuada.
nav-membership = Associação
nav-applications = Candidaturas
nav-criteria = Critérios de associação
member-membership-link = Credenciais, educação continuada e elegibilidade
done-applied = Sua candidatura foi enviada. A avaliação está abaixo.
done-decided = A decisão foi registrada.
done-uploaded = A credencial foi adicionada.
done-attested = Sua declaração foi registrada.
done-resigned = Seu desligamento foi registrado.

col-criterion = Critério
col-verdict = Resultado
col-detail = Detalhe
col-evidence = Comprovante
verdict-met = Atendido
verdict-expires-soon = Atendido, vence em breve
verdict-expires-on = Atendido, vence em { $date }
verdict-not-met = Não atendido
verdict-evidence-missing = Comprovante ausente

application-title = Candidatura { $id }
application-renewal = renovação
application-pending = Aguardando decisão
application-approved = Aprovada
application-rejected = Recusada
application-explanation = Avaliação, critério por critério
application-decide = Decisão
col-evaluated = Avaliada em
col-eligible = Atende aos critérios
eligible-yes = Sim
eligible-no = Não
col-sponsors = Padrinhos
sponsors-declared-unrelated = declarados sem parentesco nem relação conjugal
field-decision = Aprovar ou recusar
decision-approve = Aprovar
decision-reject = Recusar
field-reason = Motivo (o candidato verá)
button-decide = Registrar a decisão
link-back = Voltar

applications-title = Candidaturas à { $society }
applications-pending = Aguardando decisão
applications-decided = Decididas
applications-none = Nenhuma candidatura.

criteria-title = Critérios de associação da { $society }
criteria-lead = Cada categoria de associado lista seus critérios: título de especialista, registro profissional (CRM ou equivalente), associação a uma sociedade, créditos de educação médica continuada, procedimentos no registro, adesão ao código de ética, estabelecimento acreditado, padrinhos, anos de prática, ou qualquer um entre vários.
criteria-export = Baixar os critérios como arquivo:
criteria-not-saved = Estes critérios são um ponto de partida e ainda não foram salvos: edite-os e salve.
criteria-none = Esta sociedade ainda não publicou critérios de associação.
criteria-import = Importar um arquivo de critérios
field-criteria = Critérios (TOML)
field-criteria-file = Um arquivo de critérios (TOML ou JSON)
button-import = Importar

membership-title = Minha associação
membership-applications = Minhas candidaturas e renovações
membership-apply = Candidatar-se ou renovar
membership-apply-lead = Sua candidatura é avaliada imediatamente segundo os critérios da sociedade; depois, os administradores decidem.
membership-credentials = Credenciais
membership-cme = Créditos de educação médica continuada
membership-evaluations = Elegibilidade hoje
member-membership-title = Ficha de associado de { $name }
col-renewal-due = Renovação prevista
col-ethics-attested = Ética declarada
col-facility-attested = Estabelecimento declarado
col-actions = Ações
button-attest-ethics = Declarar adesão ao código de ética
button-attest-facility = Declarar estabelecimentos acreditados
button-resign = Desligar-se
field-society = Sociedade
field-sponsors = E-mails dos padrinhos (separados por vírgula)
field-sponsors-unrelated = Declaro que meus padrinhos não são meus parentes nem cônjuges
field-practice-since = Em prática desde
field-attest-ethics = Declaro que sigo o código de ética da sociedade
field-attest-facility = Declaro que opero apenas em estabelecimentos acreditados
button-apply = Candidatar-se

credential-add = Adicionar uma credencial
credential-board_certification = Título de especialista
credential-licence = Registro profissional
credential-facility_accreditation = Acreditação do estabelecimento
credential-expired = vencida
evidence-download = Baixar ({ $type })
col-kind = Tipo
col-issuer = Emissor
field-credential-kind = Tipo
field-issuer = Emissor (sociedade de especialidade, conselho profissional ou órgão acreditador)
field-number = Número
field-subject = Estabelecimento (para uma acreditação)
field-issued-on = Emitida em
field-expires-on = Vence em
field-evidence-file = Comprovante: PDF, PNG ou JPEG, no máximo { $mib } MiB
button-add-credential = Adicionar a credencial

cme-add = Informar créditos de educação continuada
col-activity = Atividade
col-date = Data
col-credits = Créditos
col-category = Categoria
field-activity = Atividade
field-completed-on = Concluída em
field-credits = Créditos
field-category = Categoria
button-add-cme = Adicionar os créditos

error-date = não é uma data como 2026-05-04
error-date-order = não deve ser anterior à data de emissão
error-future = não deve estar no futuro
error-credits = deve ser um número de créditos como 1.5
error-syntax = não é TOML nem JSON válido
error-too-many = lista itens demais
error-too-large = é grande demais
error-file-type = não é um arquivo PDF, PNG ou JPEG

# O detalhe de uma linha de avaliação; nomes, números e datas vêm dos comprovantes.
detail-no-credential = { $kind ->
    [board_certification] nenhum título de especialista registrado
    [licence] nenhum registro profissional registrado
   *[facility_accreditation] nenhuma acreditação de estabelecimento registrada
}
detail-credential-current = vigente: { $credential }
detail-credential-not-accepted = nenhum dos emissores registrados é aceito: { $issuers }
detail-credential-expired = venceu em { $date }
detail-credential-not-yet-valid = ainda não é válida
detail-membership-held = { $membership }
detail-membership-none = nenhuma associação a uma sociedade aceita nesta instalação
detail-membership-not-qualifying = as associações existentes não se qualificam (categoria ou situação)
detail-cme-total = { $credits } de { $needed } créditos desde { $date }
detail-procedures-unknown = a contagem do registro não está disponível
detail-procedures-count = { $count } procedimentos no registro de { $from } a { $to } (necessários: { $needed })
detail-ethics-none = a adesão ao código de ética não foi declarada
detail-ethics-future = declaração com data futura ({ $date })
detail-ethics-attested = declarada em { $date }
detail-ethics-overdue = última declaração em { $date }; deveria ter sido renovada até { $due }
detail-sponsors-none = nenhum padrinho indicado
detail-sponsors-count = { $count } de { $needed } padrinhos qualificados
detail-practice-unknown = o início da prática não foi declarado
detail-practice-years = { $years } anos completos de prática desde { $date }
detail-any-of-met = atendido por: { $option }
detail-any-of-none = nenhuma das opções é atendida: { $options }
nav-standing = Carência e suspensões
standing-title = { $society }: membros em carência ou suspensos
standing-lead = Todos os dias cada associação é verificada segundo os critérios de permanência da sociedade (credenciais, educação continuada, declarações, associações). Um critério não atendido inicia o período de carência e o membro é avisado; a associação é suspensa { $days } dias depois, a menos que seja regularizada, e volta a ficar ativa quando todos os critérios forem atendidos. Membros em carência ou suspensos não aparecem no diretório público.
standing-none = Nenhum membro está em carência ou suspenso.
standing-why-dates = Datas de renovação ou de declaração
col-unmet-since = Não atendido desde
col-suspend-on = Suspensão em
col-why = Motivo
