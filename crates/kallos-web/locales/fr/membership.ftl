# Adhésion : critères, candidatures, renouvellements, titres et FMC.
nav-membership = Adhésion
nav-applications = Candidatures
nav-criteria = Critères d’adhésion
member-membership-link = Titres, FMC et éligibilité
done-applied = Votre candidature a été envoyée. Son évaluation figure ci-dessous.
done-decided = La décision a été enregistrée.
done-uploaded = Le titre a été ajouté.
done-attested = Votre attestation a été enregistrée.
done-resigned = Votre démission a été enregistrée.

col-criterion = Critère
col-verdict = Résultat
col-detail = Détail
col-evidence = Justificatifs
verdict-met = Rempli
verdict-expires-soon = Rempli, expire bientôt
verdict-expires-on = Rempli, expire le { $date }
verdict-not-met = Non rempli
verdict-evidence-missing = Justificatif manquant

application-title = Candidature { $id }
application-renewal = renouvellement
application-pending = En attente de décision
application-approved = Acceptée
application-rejected = Refusée
application-explanation = Évaluation, critère par critère
application-decide = Décision
col-evaluated = Évaluée le
col-eligible = Remplit les critères
eligible-yes = Oui
eligible-no = Non
col-sponsors = Parrains
sponsors-declared-unrelated = déclarés ni parents ni associés
field-decision = Accepter ou refuser
decision-approve = Accepter
decision-reject = Refuser
field-reason = Motif (visible par le candidat)
button-decide = Enregistrer la décision
link-back = Retour

applications-title = Candidatures à { $society }
applications-pending = En attente de décision
applications-decided = Décidées
applications-none = Aucune candidature.

criteria-title = Critères d’adhésion de { $society }
criteria-lead = Chaque type d’adhésion énumère ses critères : certification d’un collège, autorisation d’exercer, adhésion à une société, crédits de FMC, actes enregistrés au registre, attestation du code de déontologie, établissement accrédité, parrains, années d’exercice, ou l’un de plusieurs.
criteria-export = Télécharger les critères dans un fichier :
criteria-not-saved = Ces critères sont un point de départ et ne sont pas encore enregistrés : modifiez-les puis enregistrez.
criteria-none = Cette société n’a pas encore publié de critères d’adhésion.
criteria-import = Importer un fichier de critères
field-criteria = Critères (TOML)
field-criteria-file = Un fichier de critères (TOML ou JSON)
button-import = Importer

membership-title = Mon adhésion
membership-applications = Mes candidatures et renouvellements
membership-apply = Candidater ou renouveler
membership-apply-lead = Votre candidature est aussitôt évaluée selon les critères de la société ; ses administrateurs décident ensuite.
membership-credentials = Titres
membership-cme = Crédits de FMC
membership-evaluations = Éligibilité aujourd’hui
member-membership-title = Dossier d’adhésion de { $name }
col-renewal-due = Renouvellement dû
col-ethics-attested = Déontologie attestée
col-facility-attested = Établissement attesté
col-actions = Actions
button-attest-ethics = Attester le code de déontologie
button-attest-facility = Attester des établissements accrédités
button-resign = Démissionner
field-society = Société
field-sponsors = Courriels des parrains (séparés par des virgules)
field-sponsors-unrelated = Je déclare que mes parrains ne sont ni mes parents ni mes associés
field-practice-since = En exercice depuis
field-attest-ethics = J’atteste respecter le code de déontologie de la société
field-attest-facility = J’atteste n’opérer que dans des établissements accrédités
button-apply = Candidater

credential-add = Ajouter un titre
credential-board_certification = Certification d’un collège
credential-licence = Autorisation d’exercer
credential-facility_accreditation = Accréditation d’établissement
credential-expired = expiré
evidence-download = Télécharger ({ $type })
col-kind = Nature
col-issuer = Émetteur
field-credential-kind = Nature
field-issuer = Émetteur (collège, autorité ou organisme d’accréditation)
field-number = Numéro
field-subject = Établissement (pour une accréditation)
field-issued-on = Délivré le
field-expires-on = Expire le
field-evidence-file = Justificatif : PDF, PNG ou JPEG, au plus { $mib } Mio
button-add-credential = Ajouter le titre

cme-add = Saisir des crédits de FMC
col-activity = Activité
col-date = Date
col-credits = Crédits
col-category = Catégorie
field-activity = Activité
field-completed-on = Suivie le
field-credits = Crédits
field-category = Catégorie
button-add-cme = Ajouter les crédits

error-date = n’est pas une date comme 2026-05-04
error-date-order = ne doit pas précéder la date de délivrance
error-future = ne doit pas être dans le futur
error-credits = doit être un nombre de crédits comme 1,5
error-syntax = n’est pas du TOML ou du JSON valide
error-too-many = en compte trop
error-too-large = est trop volumineux
error-file-type = n’est pas un fichier PDF, PNG ou JPEG

# Le détail d’une ligne d’évaluation ; noms, nombres et dates viennent des justificatifs.
detail-no-credential = { $kind ->
    [board_certification] aucune certification de collège au dossier
    [licence] aucune autorisation d’exercer au dossier
   *[facility_accreditation] aucune accréditation d’établissement au dossier
}
detail-credential-current = en cours : { $credential }
detail-credential-not-accepted = aucun émetteur au dossier n’est accepté : { $issuers }
detail-credential-expired = expiré le { $date }
detail-credential-not-yet-valid = pas encore valide
detail-membership-held = { $membership }
detail-membership-none = aucune adhésion à une société acceptée sur cette installation
detail-membership-not-qualifying = les adhésions détenues ne conviennent pas (type ou statut)
detail-cme-total = { $credits } crédits sur { $needed } depuis le { $date }
detail-procedures-unknown = le décompte du registre n’est pas disponible
detail-procedures-count = { $count } actes au registre du { $from } au { $to } (il en faut { $needed })
detail-ethics-none = le code de déontologie n’a pas été attesté
detail-ethics-future = attestation datée dans le futur ({ $date })
detail-ethics-attested = attesté le { $date }
detail-ethics-overdue = dernière attestation le { $date } ; à renouveler avant le { $due }
detail-sponsors-none = aucun parrain indiqué
detail-sponsors-count = { $count } parrains valables sur { $needed }
detail-practice-unknown = le début d’exercice n’est pas déclaré
detail-practice-years = { $years } années pleines d’exercice depuis le { $date }
detail-any-of-met = rempli par : { $option }
detail-any-of-none = aucune des options n’est remplie : { $options }

# Membres en période de grâce ou suspendus (administrateurs d’une société).
nav-standing = Grâce et suspensions
standing-title = { $society } : membres en période de grâce ou suspendus
standing-lead = Chaque jour, chaque adhésion est vérifiée selon les critères permanents de la société (titres, FMC, attestations, adhésions). Un critère non rempli ouvre la période de grâce et le membre est prévenu ; l’adhésion est suspendue { $days } jours plus tard si rien n’est corrigé, et redevient active dès que tous les critères sont remplis. Les membres en grâce ou suspendus ne figurent pas dans l’annuaire public.
standing-none = Aucun membre n’est en période de grâce ni suspendu.
standing-why-dates = Dates de renouvellement ou d’attestation
col-unmet-since = Non rempli depuis
col-suspend-on = Suspension le
col-why = Pourquoi
