## Pourquoi une valeur d'un fichier de cas a été refusée ou écartée.

reason-identifier-column = contient { $what ->
        [email] une adresse e-mail
        [phone] un numéro de téléphone
        [address] une adresse postale
        [birth-date] une date de naissance exacte
        [possible-birth-date] une date (peut-être une date de naissance)
        [national-id] un numéro d'identité nationale
        [record-number] un numéro de dossier médical
       *[name] un nom
    } : les identifiants directs sont refusés ; toute la colonne est écartée
reason-identifier-refused = ressemble à { $what ->
        [email] une adresse e-mail
        [phone] un numéro de téléphone
        [address] une adresse postale
        [birth-date] une date de naissance exacte
        [possible-birth-date] une date (peut-être une date de naissance)
        [national-id] un numéro d'identité nationale
        [record-number] un numéro de dossier médical
       *[name] un nom
    } : les identifiants directs sont refusés
reason-identifier-dropped = ressemble à { $what ->
        [email] une adresse e-mail
        [phone] un numéro de téléphone
        [address] une adresse postale
        [birth-date] une date de naissance exacte
        [possible-birth-date] une date (peut-être une date de naissance)
        [national-id] un numéro d'identité nationale
        [record-number] un numéro de dossier médical
       *[name] un nom
    } : les identifiants directs sont refusés ; la valeur est écartée
reason-unknown-column = n'est pas une colonne du jeu de données ; ignorée
reason-not-utf8 = la ligne n'est pas en UTF-8 valide
reason-required = est obligatoire
reason-range = doit être compris entre { $min } et { $max }
reason-whole-number = doit être un nombre entier
reason-decimal-number = doit être un nombre, par exemple 24.5
reason-in-future = est dans le futur (nous sommes le { $today })
reason-dated-in-future = est daté dans le futur (nous sommes le { $today })
reason-date-format = doit être une date AAAA-MM-JJ
reason-yes-no = doit valoir yes ou no
reason-one-of = doit être l'un de : { $choices }
reason-country-code = doit être un code pays ISO 3166-1 alpha-2, par exemple BR
reason-case-id-format = doit compter de 1 à 64 lettres, chiffres, « . », « _ », « / » ou « - »
reason-patient-key-format = doit compter de 6 à 64 lettres, chiffres, « - » ou « _ »
reason-unknown-society = n'est pas une société de l'alliance
reason-restricted-to = cet import est limité à { $society }
reason-own-cases-only = doit valoir { $member } : un membre ne soumet que les cas qu'il a opérés
reason-not-a-member = n'est pas membre de { $society }
reason-before-year = est antérieur à { $year }
reason-locked = la période { $period } est approuvée ; retirez d'abord l'approbation
reason-stored-case-locked = le cas enregistré est dans une période approuvée : la période { $period } est approuvée ; retirez d'abord l'approbation
reason-before-procedure = est antérieur à l'intervention ({ $date })
reason-dated-before-procedure = est daté d'avant l'intervention ({ $date })
reason-before-first-follow-up = est antérieur au suivi à 30 jours ({ $date })
reason-implants-need-devices = une augmentation mammaire par implants exige ses dispositifs
reason-unknown-procedure = « { $code } » n'est pas un code d'intervention
reason-listed-twice = « { $code } » figure deux fois
reason-procedure-count = doit lister de 1 à { $max } codes d'intervention
reason-required-for-device = est obligatoire pour un dispositif
reason-too-long = doit compter au plus { $max } caractères
reason-complication-format = chaque complication s'écrit CODE:GRADE:AAAA-MM-JJ
reason-unknown-complication = « { $code } » n'est pas un code de complication
reason-grade = le grade doit être un grade de Clavien–Dindo : I, II, IIIa, IIIb, IVa, IVb ou V
reason-complication-date-format = la date doit s'écrire AAAA-MM-JJ
reason-udi-unclosed = n'est pas un IUD GS1 : une « ( » sans « ) »
reason-udi-unexpected = n'est pas un IUD GS1 : texte inattendu « { $text } »
reason-udi-truncated = n'est pas un IUD GS1 : identifiant d'application tronqué
reason-udi-unknown-ai = n'est pas un IUD GS1 : identifiant d'application inconnu ({ $ai })
reason-udi-too-short = n'est pas un IUD GS1 : ({ $ai }) est trop court
reason-udi-empty = n'est pas un IUD GS1 : ({ $ai }) est vide
reason-udi-no-di = n'est pas un IUD GS1 : aucun identifiant du dispositif (01)
reason-udi-check-digit = n'est pas un IUD GS1 : (01){ $di } n'est pas un GTIN-14 valide (chiffre de contrôle)
reason-udi-date = n'est pas un IUD GS1 : la date « { $date } » n'est pas au format AAMMJJ
severity-error = erreur
severity-dropped = écartée
reason-repeated-in-file = répété dans ce fichier, à la ligne { $row }
reason-file-missing-columns = l'en-tête n'a pas la ou les colonnes obligatoires { $columns } ; rien n'a été importé
reason-file-duplicate-column = la colonne figure deux fois dans l'en-tête ; rien n'a été importé
reason-file-delimiter = les colonnes sont séparées par « { $delimiter } » et non par des virgules : enregistrez le fichier au format CSV UTF-8 (séparateur virgule) ; rien n'a été importé
reason-file-utf16 = le fichier est un texte UTF-16 : enregistrez-le au format CSV UTF-8 ; rien n'a été importé
reason-file-not-text = le fichier n'est pas du texte : enregistrez les cas au format CSV UTF-8 ou XLSX ; rien n'a été importé
reason-file-header-not-utf8 = l'en-tête n'est pas un texte UTF-8 : enregistrez le fichier au format CSV UTF-8 ; rien n'a été importé
reason-file-malformed = le fichier ne peut pas être lu comme un CSV ({ $detail }) ; rien n'a été importé
reason-file-unreadable = le fichier n'a pas pu être lu ({ $detail }) ; rien n'a été importé
