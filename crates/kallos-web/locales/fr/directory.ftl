# L’annuaire public vérifié, les pages de vérification, les attestations signées.
nav-directory = Trouver un chirurgien
directory-title = Trouver un chirurgien vérifié
directory-lead = Chaque chirurgien listé ici est membre en règle d’une société de l’alliance et a choisi d’y figurer. Une adhésion échue ou suspendue quitte aussitôt l’annuaire.
directory-ordering = Les résultats sont classés par ordre alphabétique du nom de famille (puis du prénom, puis d’un identifiant aléatoire fixé à l’adhésion). Personne ne peut payer pour apparaître plus haut.
directory-name = Nom
directory-country = Pays
directory-city = Ville
directory-procedure = Intervention proposée
directory-language = Langue parlée
directory-follow-up = Assure le suivi des patients opérés à l’étranger
directory-follow-up-short = Suivi
directory-any = Tous
directory-search = Rechercher
directory-found = { $count ->
    [one] { $count } chirurgien trouvé
   *[other] { $count } chirurgiens trouvés
}
directory-none = Aucun chirurgien listé ne correspond. Essayez avec moins de critères.
directory-societies = Sociétés
directory-languages = Langues
directory-procedures = Interventions proposées
directory-yes = Oui
directory-no = Non
directory-json = Le même annuaire en JSON (API)
directory-page = Page

verify-title = Vérification : { $name }
verify-listed = Listé dans l’annuaire public : membre actif ayant choisi d’y figurer.
verify-not-listed = Absent de l’annuaire public : aucune adhésion active, ou le membre a choisi de ne pas y figurer. Vérifiez ci-dessous le statut de chaque adhésion.
verify-checked = Dernière vérification
verify-not-recorded = non enregistrée
verify-masked = Numéro en partie masqué
verify-share = Partager cette vérification
verify-qr = Code QR de { $url }
verify-json = Cette fiche en JSON

member-directory-link = Annuaire, interventions et attestations
member-directory-title = Annuaire et attestations : { $name }
member-directory-back = Retour au profil
member-directory-verify = Page publique de vérification :
member-directory-opted-in = Listé dans l’annuaire public tant qu’une adhésion est active.
member-directory-opted-out = Absent de l’annuaire public (le choix d’annuaire du profil est désactivé).
member-directory-procedures-legend = Interventions proposées aux patients

credentials-title = Attestations d’adhésion
credentials-lead = Attestations vérifiables W3C signées (vc+jwt, Ed25519), que toute société ou tout employeur peut contrôler avec la clé publiée de la société et ses listes de révocation et de suspension.
credentials-valid-until = Valable jusqu’au
credentials-actions = Actions
credentials-download = Télécharger
credentials-set-status = Statut
credential-valid = Valable
credential-suspended = Suspendue
credential-revoked = Révoquée
credentials-issue = Délivrer une attestation d’adhésion de { $society }
credentials-not-active = Une attestation n’est délivrée que pour une adhésion active.
credentials-keys = Clés publiques des sociétés émettrices :

society-attestations-link = Attestations d’autres sociétés
attestations-title = Attestations reçues par { $society }
attestations-lead = Collez une attestation d’adhésion signée par une autre société de l’alliance. Kallos vérifie sa signature avec la clé publiée de cette société, ses dates et ses listes de révocation et de suspension, puis l’enregistre à la place d’une lettre.
attestation-credential = Attestation signée (vc+jwt)
attestation-verify = Vérifier et enregistrer
attestations-received = Attestations vérifiées
attestations-issuer = Délivrée par
attestations-verified-on = Vérifiée le
attestation-empty = Collez d’abord une attestation.
attestation-refused = L’attestation n’a pas été acceptée : { $reason }

# La vérification quotidienne, sur la page de vérification.
verify-not-current = Pas à jour : une exigence n’est plus remplie depuis le { $date } (la vérification quotidienne mettra le statut à jour)
verify-checked-against = Vérifié le { $date } selon les critères de { $society }
verify-met = rempli
verify-met-until = rempli, valable jusqu’au { $date }
verify-unmet = non rempli
verify-criterion-board-certification = Certification du collège de spécialité
verify-criterion-medical-licence = Autorisation d’exercer la médecine
verify-criterion-society-membership = Adhésion à une société nationale
verify-criterion-cme-credits = Crédits de formation médicale continue (FMC)
verify-criterion-procedure-volume = Interventions enregistrées dans le registre
verify-criterion-ethics-attestation = Code de déontologie attesté cette année
verify-criterion-accredited-facility = Exerce dans un établissement accrédité
verify-criterion-sponsors = Parrains
verify-criterion-years-in-practice = Années d’exercice
verify-criterion-any-of = L’une de plusieurs exigences
