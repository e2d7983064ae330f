## Bir olgu dosyasındaki değerin neden reddedildiği veya atıldığı (doğrulama raporları).

reason-identifier-column = { $what ->
        [email] bir e-posta adresi
        [phone] bir telefon numarası
        [address] bir açık adres
        [birth-date] kesin bir doğum tarihi
        [possible-birth-date] bir tarih (doğum tarihi olabilir)
        [national-id] bir kimlik numarası
        [record-number] bir hasta dosya numarası
       *[name] bir ad
    } içeriyor: doğrudan tanımlayıcılar reddedilir; sütunun tamamı atılır
reason-identifier-refused = { $what ->
        [email] bir e-posta adresine
        [phone] bir telefon numarasına
        [address] bir açık adrese
        [birth-date] kesin bir doğum tarihine
        [possible-birth-date] bir tarihe (doğum tarihi olabilir)
        [national-id] bir kimlik numarasına
        [record-number] bir hasta dosya numarasına
       *[name] bir ada
    } benziyor: doğrudan tanımlayıcılar reddedilir
reason-identifier-dropped = { $what ->
        [email] bir e-posta adresine
        [phone] bir telefon numarasına
        [address] bir açık adrese
        [birth-date] kesin bir doğum tarihine
        [possible-birth-date] bir tarihe (doğum tarihi olabilir)
        [national-id] bir kimlik numarasına
        [record-number] bir hasta dosya numarasına
       *[name] bir ada
    } benziyor: doğrudan tanımlayıcılar reddedilir; değer atılır
reason-unknown-column = veri setinin bir sütunu değil; yok sayıldı
reason-not-utf8 = satır geçerli UTF-8 değil
reason-required = zorunludur
reason-range = { $min } ile { $max } arasında olmalıdır
reason-whole-number = tam sayı olmalıdır
reason-decimal-number = 24.5 gibi bir sayı olmalıdır
reason-in-future = gelecekte (bugün: { $today })
reason-dated-in-future = ileri bir tarih taşıyor (bugün: { $today })
reason-date-format = YYYY-AA-GG biçiminde bir tarih olmalıdır
reason-yes-no = yes veya no olmalıdır
reason-one-of = şunlardan biri olmalıdır: { $choices }
reason-country-code = BR gibi bir ISO 3166-1 alfa-2 ülke kodu olmalıdır
reason-case-id-format = 1–64 harf, rakam, '.', '_', '/' veya '-' olmalıdır
reason-patient-key-format = 6–64 harf, rakam, '-' veya '_' olmalıdır
reason-unknown-society = ittifakın bir derneği değil
reason-restricted-to = bu içe aktarma { $society } ile sınırlıdır
reason-own-cases-only = { $member } olmalıdır: üyeler yalnızca kendi ameliyat ettikleri olguları gönderir
reason-not-a-member = { $society } üyesi değil
reason-before-year = { $year } yılından önce
reason-locked = { $period } dönemi onaylı; önce onayı geri çekin
reason-stored-case-locked = kayıtlı olgu onaylı bir dönemde: { $period } dönemi onaylı; önce onayı geri çekin
reason-before-procedure = işlemden önce ({ $date })
reason-dated-before-procedure = işlemden önceki bir tarih taşıyor ({ $date })
reason-before-first-follow-up = 30. gün takibinden önce ({ $date })
reason-implants-need-devices = implantlı meme büyütme için cihaz(lar) girilmelidir
reason-unknown-procedure = '{ $code }' bir işlem kodu değil
reason-listed-twice = '{ $code }' iki kez listelenmiş
reason-procedure-count = 1 ile { $max } arasında işlem kodu listelemelidir
reason-required-for-device = bir cihaz için zorunludur
reason-too-long = en fazla { $max } karakter olmalıdır
reason-complication-format = her komplikasyon KOD:DERECE:YYYY-AA-GG biçimindedir
reason-unknown-complication = '{ $code }' bir komplikasyon kodu değil
reason-grade = derece bir Clavien-Dindo derecesi olmalıdır: I, II, IIIa, IIIb, IVa, IVb veya V
reason-complication-date-format = tarih YYYY-AA-GG biçiminde olmalıdır
reason-udi-unclosed = GS1 UDI değil: ')' olmadan bir '('
reason-udi-unexpected = GS1 UDI değil: beklenmeyen metin '{ $text }'
reason-udi-truncated = GS1 UDI değil: kesik bir uygulama tanımlayıcısı
reason-udi-unknown-ai = GS1 UDI değil: bilinmeyen uygulama tanımlayıcısı ({ $ai })
reason-udi-too-short = GS1 UDI değil: ({ $ai }) çok kısa
reason-udi-empty = GS1 UDI değil: ({ $ai }) boş
reason-udi-no-di = GS1 UDI değil: cihaz tanımlayıcısı (01) yok
reason-udi-check-digit = GS1 UDI değil: (01){ $di } geçerli bir GTIN-14 değil (kontrol basamağı)
reason-udi-date = GS1 UDI değil: '{ $date }' tarihi YYAAGG biçiminde değil
severity-error = hata
severity-dropped = atıldı
reason-repeated-in-file = bu dosyada { $row }. satırda tekrarlanıyor
reason-file-missing-columns = başlıkta zorunlu sütun(lar) eksik: { $columns }; hiçbir şey içe aktarılmadı
reason-file-duplicate-column = sütun başlıkta iki kez geçiyor; hiçbir şey içe aktarılmadı
reason-file-delimiter = sütunlar virgülle değil '{ $delimiter }' ile ayrılmış: dosyayı CSV UTF-8 (virgülle ayrılmış) olarak kaydedin; hiçbir şey içe aktarılmadı
reason-file-utf16 = dosya UTF-16 metin: CSV UTF-8 olarak kaydedin; hiçbir şey içe aktarılmadı
reason-file-not-text = dosya metin değil: olguları CSV UTF-8 veya XLSX olarak kaydedin; hiçbir şey içe aktarılmadı
reason-file-header-not-utf8 = başlık UTF-8 metin değil: dosyayı CSV UTF-8 olarak kaydedin; hiçbir şey içe aktarılmadı
reason-file-malformed = dosya CSV olarak okunamıyor ({ $detail }); hiçbir şey içe aktarılmadı
reason-file-unreadable = dosya okunamadı ({ $detail }); hiçbir şey içe aktarılmadı
