# O diretório público verificado, páginas de verificação, credenciais e atestados.
nav-directory = Encontrar um cirurgião
directory-title = Encontrar um cirurgião verificado
directory-lead = Cada cirurgião listado aqui é membro em situação regular de uma sociedade da aliança e escolheu constar da lista. Uma associação que expira ou é suspensa sai do diretório imediatamente.
directory-ordering = Os resultados estão em ordem alfabética do sobrenome (depois do nome e depois de um identificador aleatório fixado quando o membro entrou). Ninguém pode pagar para aparecer mais acima.
directory-name = Nome
directory-country = País
directory-city = Cidade
directory-procedure = Procedimento oferecido
directory-language = Idioma falado
directory-follow-up = Oferece acompanhamento a pacientes operados no exterior
directory-follow-up-short = Acompanhamento
directory-any = Qualquer
directory-search = Buscar
directory-found = { $count ->
    [one] { $count } cirurgião encontrado
   *[other] { $count } cirurgiões encontrados
}
directory-none = Nenhum cirurgião listado corresponde. Tente com menos critérios.
directory-societies = Sociedades
directory-languages = Idiomas
directory-procedures = Procedimentos oferecidos
directory-yes = Sim
directory-no = Não
directory-json = O mesmo diretório em JSON (API)
directory-page = Página

verify-title = Verificação: { $name }
verify-listed = Listado no diretório público: um membro ativo que escolheu constar da lista.
verify-not-listed = Não listado no diretório público: sem associação ativa, ou o membro escolheu não constar. Confira abaixo a situação de cada associação.
verify-checked = Última verificação
verify-not-recorded = não registrado
verify-masked = Número parcialmente oculto
verify-share = Compartilhar esta verificação
verify-qr = Código QR de { $url }
verify-json = Este registro em JSON

member-directory-link = Perfil no diretório, procedimentos e credenciais
member-directory-title = Diretório e credenciais: { $name }
member-directory-back = Voltar ao perfil
member-directory-verify = Página pública de verificação:
member-directory-opted-in = Listado no diretório público enquanto houver uma associação ativa.
member-directory-opted-out = Não listado no diretório público (a opção de diretório do perfil está desativada).
member-directory-procedures-legend = Procedimentos oferecidos aos pacientes

credentials-title = Credenciais de associação
credentials-lead = Credenciais verificáveis W3C assinadas (vc+jwt, Ed25519) que qualquer sociedade ou empregador pode conferir com a chave publicada da sociedade e com suas listas de revogação e suspensão.
credentials-valid-until = Válida até
credentials-actions = Ações
credentials-download = Baixar
credentials-set-status = Situação
credential-valid = Válida
credential-suspended = Suspensa
credential-revoked = Revogada
credentials-issue = Emitir uma credencial de associação da { $society }
credentials-not-active = Uma credencial só é emitida para uma associação ativa.
credentials-keys = Chaves públicas das sociedades emissoras:

society-attestations-link = Atestados de outras sociedades
attestations-title = Atestados recebidos pela { $society }
attestations-lead = Cole uma credencial de associação assinada por outra sociedade da aliança. O Kallos confere a assinatura com a chave publicada dessa sociedade, as datas e as listas de revogação e suspensão, e a registra no lugar de uma carta.
attestation-credential = Credencial assinada (vc+jwt)
attestation-verify = Verificar e registrar
attestations-received = Atestados verificados
attestations-issuer = Emitido por
attestations-verified-on = Verificado em
attestation-empty = Cole uma credencial primeiro.
attestation-refused = A credencial não foi aceita: { $reason }
verify-not-current = Não vigente: um requisito deixou de ser atendido desde { $date } (a verificação diária atualizará a situação)
verify-checked-against = Verificado em { $date } segundo os critérios da { $society }
verify-met = atendido
verify-met-until = atendido, válido até { $date }
verify-unmet = não atendido
verify-criterion-board-certification = Título de especialista
verify-criterion-medical-licence = Registro profissional
verify-criterion-society-membership = Associação a uma sociedade nacional
verify-criterion-cme-credits = Créditos de educação médica continuada
verify-criterion-procedure-volume = Procedimentos registrados no registro
verify-criterion-ethics-attestation = Adesão ao código de ética declarada este ano
verify-criterion-accredited-facility = Opera em estabelecimento acreditado
verify-criterion-sponsors = Padrinhos
verify-criterion-years-in-practice = Anos de prática
verify-criterion-any-of = Um entre vários requisitos
