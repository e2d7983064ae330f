site-name = Kallos
site-tagline = Registre, adhésions et sécurité des patients pour les sociétés de chirurgie esthétique
skip-to-content = Aller au contenu
nav-home = Accueil
nav-societies = Sociétés
nav-profile = Mon profil
nav-sign-in = Se connecter
nav-sign-out = Se déconnecter
nav-language = Langue
signed-in-as = Connecté·e en tant que { $name }
footer-note = Kallos est un logiciel libre. Les données de démonstration sont fictives.

home-title = Une chirurgie esthétique plus sûre, ensemble
home-lead = Kallos est la plateforme commune des sociétés nationales de chirurgie esthétique de l’Alliance mondiale de l’ISAPS : leurs membres et leurs qualifications, un registre mondial des interventions et de leurs résultats, et des outils publics pour les patients.
home-societies = { $count } sociétés y participent.
home-browse = Parcourir les sociétés
home-for-admins = Les administrateurs des sociétés se connectent pour gérer leurs membres.

sign-in-title = Connexion
sign-in-button = Se connecter
sign-in-failed = L’adresse e-mail ou le mot de passe est incorrect.
sign-in-rate-limited = Trop de tentatives. Veuillez patienter { $minutes } minutes puis réessayer.
signed-out = Vous êtes déconnecté·e.
field-email = Adresse e-mail
field-password = Mot de passe

societies-title = Sociétés de l’alliance
societies-lead = Les sociétés nationales et régionales qui soutiennent le cadre stratégique 2024–2030 de l’Alliance mondiale de l’ISAPS.
filter-label = Filtrer le tableau
col-acronym = Sigle
col-name = Nom
col-country = Pays
col-active-members = Membres actifs
col-city = Ville
col-type = Catégorie
col-status = Statut
col-board = Organisme
col-number = Numéro
col-issued = Délivré le
col-expires = Expire le
col-setting = Type d’établissement
col-accreditation = Accréditation
col-accredited-until = Accrédité jusqu’au
col-society = Société
col-since = Depuis
kind-alliance = Alliance mondiale
kind-national = Société nationale
country-none = Régionale

society-members-link = Membres ({ $count })
society-active-members = { $count ->
    [one] { $count } membre actif
   *[other] { $count } membres actifs
}
members-title = Membres de { $society }
members-empty = Aucun membre pour l’instant.
member-add = Ajouter un membre
member-new-title = Nouveau membre de { $society }
page-of = Page { $page } sur { $pages }
page-prev = Page précédente
page-next = Page suivante

field-given-name = Prénom
field-family-name = Nom de famille
field-country = Pays (code ISO, par ex. BR)
field-city = Ville
field-languages = Langues (codes ISO 639-1, séparés par des virgules)
field-offers-follow-up = Assure le suivi des patients opérés à l’étranger
field-directory-opt-in = Figure dans l’annuaire public
field-membership-type = Catégorie de membre
button-save = Enregistrer
button-create = Créer le membre
saved = Enregistré.
created = Membre créé.
form-has-errors = Veuillez corriger les champs signalés ci-dessous.

member-memberships = Adhésions
member-certifications = Certifications
member-facilities = Établissements
member-none = Aucune information.
member-edit = Modifier le profil
profile-title = Mon profil
profile-no-member = Votre compte n’est lié à aucune fiche de membre.

type-active = Titulaire
type-associate = Associé·e
type-resident = Interne / Fellow
status-applicant = Candidat·e
status-active = Actif·ve
status-grace = Période de grâce
status-suspended = Suspendu·e
status-lapsed = Expiré
status-resigned = Démissionnaire
setting-office = Cabinet
setting-ambulatory_surgery_centre = Centre de chirurgie ambulatoire
setting-hospital = Hôpital

error-title = Un problème est survenu
error-not-found = Cette page est introuvable.
error-unauthenticated = Veuillez vous connecter pour voir cette page.
error-forbidden = Vous n’avez pas accès à cette page.
error-bad-request = La requête n’a pas pu être comprise : { $detail }
error-rate-limited = Trop de requêtes. Veuillez patienter puis réessayer.
error-internal = Une erreur s’est produite de notre côté. Si elle se reproduit, indiquez la requête { $id }.
error-conflict = Cela entre en conflit avec des données existantes : { $detail }
error-csrf = Ce formulaire a expiré. Revenez en arrière, rechargez la page et réessayez.
back-home = Retour à l’accueil

error-required = est obligatoire
error-too-long = est trop long
error-control = ne doit pas contenir de caractères de contrôle
error-country = doit être un code pays ISO 3166, par ex. BR
error-language = doit lister des codes de langue ISO 639-1, par ex. pt, en
error-email = doit être une adresse e-mail, par ex. nom@example.org
error-choice = ne fait pas partie des choix
error-taken = est déjà enregistré
error-type = n’a pas le bon type
error-invalid = n’est pas valide

registry-title = Registre de { $society }
registry-cases = { $count ->
    [one] { $count } cas est enregistré.
   *[other] { $count } cas sont enregistrés.
}
registry-member-lead = Vous déposez les cas que vous avez opérés : chaque ligne vous désigne comme chirurgien (member_id { $member }). Les administrateurs de votre société voient tous ses cas.
registry-member-cases = { $count ->
    [one] { $count } de vos cas est enregistré.
   *[other] { $count } de vos cas sont enregistrés.
}
profile-registry = Déposer des cas au registre de { $society }
registry-upload = Déposer un fichier de cas
registry-upload-lead = Un fichier CSV avec une ligne par cas, dans les colonnes du jeu de données. Chaque ligne est vérifiée ; les lignes correctes sont acceptées et le rapport liste les autres.
registry-template = Télécharger le modèle (CSV)
registry-template-xlsx = le modèle en classeur (XLSX, avec les listes de choix et le dictionnaire des données)
registry-file = Fichier CSV ou XLSX (au plus { $mib } Mio)
registry-uploading = Envoi en cours
registry-submit = Envoyer et importer
registry-back = Retour au registre
submission-title = Dépôt { $id }
submission-file = Fichier
submission-running = Import en cours…
submission-completed = Terminé
submission-rejected = Refusé
submission-rows-read = Lignes lues
submission-accepted = Nouveaux cas
submission-updated = Cas mis à jour
submission-unchanged = Cas inchangés
submission-rejected-rows = Lignes refusées
submission-refresh = Cette page se met à jour jusqu’à la fin de l’import.
submission-report = Rapport de validation
submission-no-issues = Toutes les lignes ont passé les contrôles.
submission-download = Télécharger le rapport complet ({ $count } lignes, CSV)
col-row = Ligne
col-column = Colonne
col-value = Valeur
col-reason = Motif
col-severity = Gravité
nav-registry = Registre

case-new = Saisir un cas
case-new-title = Nouveau cas pour { $society }
case-new-lead = Les mêmes contrôles que pour un fichier s’appliquent. Ne saisissez jamais de nom, d’e-mail, de téléphone, d’adresse, de date de naissance ni de numéro d’identité : la clé du patient est un pseudonyme issu de votre propre système.
case-section-case = Le cas
case-section-patient = Facteurs de risque du patient
case-section-devices = Dispositifs implantés
case-section-outcome = Suivi et résultat
case-dictionary = Signification de chaque champ
case-submit = Vérifier et enregistrer le cas
choice-none = (aucun)
case-field-case_id = Identifiant du cas
case-field-society = Société
case-field-member_id = Membre opérateur (identifiant Kallos)
case-field-facility_id = Établissement (identifiant Kallos)
case-field-setting = Type d’établissement
case-field-procedure_country = Pays de l’intervention
case-field-residence_country = Pays de résidence du patient
case-field-procedure_date = Date de l’intervention
case-field-procedures = Codes d’intervention (séparés par ;)
case-field-duration_min = Durée (minutes)
case-field-anaesthesia = Anesthésie
case-field-patient_key = Clé pseudonyme du patient
case-field-age = Âge (années)
case-field-sex = Sexe
case-field-bmi = Indice de masse corporelle
case-field-smoker = Fumeur
case-field-diabetes = Diabète
case-field-asa = Classe ASA
case-field-caprini = Score de Caprini
case-field-device1_manufacturer = Dispositif 1 : fabricant
case-field-device1_model = Dispositif 1 : modèle
case-field-device1_lot = Dispositif 1 : lot
case-field-device1_serial = Dispositif 1 : numéro de série
case-field-device1_udi = Dispositif 1 : IUD
case-field-device1_side = Dispositif 1 : côté
case-field-device2_manufacturer = Dispositif 2 : fabricant
case-field-device2_model = Dispositif 2 : modèle
case-field-device2_lot = Dispositif 2 : lot
case-field-device2_serial = Dispositif 2 : numéro de série
case-field-device2_udi = Dispositif 2 : IUD
case-field-device2_side = Dispositif 2 : côté
case-field-followup_30_date = Date du suivi à 30 jours
case-field-followup_90_date = Date du suivi à 90 jours
case-field-complications = Complications (CODE:GRADE:DATE; …)
case-field-reoperation = Réintervention non prévue
case-field-readmission = Réhospitalisation non prévue
case-field-death = Décès
case-title = Cas { $id }
case-version = Version
case-earlier-versions = { $count ->
    [one] { $count } version antérieure conservée
   *[other] { $count } versions antérieures conservées
}
case-find = Trouver un cas par son identifiant (pour saisir son suivi)
case-find-button = Ouvrir le cas
registry-submissions = Dépôts récents
registry-no-submissions = Aucun dépôt pour l’instant.
col-submission = Dépôt
col-started = Commencé
