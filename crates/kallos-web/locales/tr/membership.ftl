# Üyelik: ölçütler, başvurular, yenilemeler, belgeler ve sürekli tıp eğitimi.
nav-membership = Üyelik
nav-applications = Başvurular
nav-criteria = Üyelik ölçütleri
member-membership-link = Belgeler, STE ve uygunluk
done-applied = Başvurunuz gönderildi. Değerlendirmesi aşağıdadır.
done-decided = Karar kaydedildi.
done-uploaded = Belge eklendi.
done-attested = Beyanınız kaydedildi.
done-resigned = Üyelikten ayrılışınız kaydedildi.

col-criterion = Ölçüt
col-verdict = Sonuç
col-detail = Ayrıntı
col-evidence = Kanıt belgesi
verdict-met = Karşılanıyor
verdict-expires-soon = Karşılanıyor, yakında sona eriyor
verdict-expires-on = Karşılanıyor, { $date } tarihinde sona eriyor
verdict-not-met = Karşılanmıyor
verdict-evidence-missing = Kanıt belgesi eksik

application-title = Başvuru { $id }
application-renewal = yenileme
application-pending = Karar bekleniyor
application-approved = Onaylandı
application-rejected = Reddedildi
application-explanation = Ölçüt ölçüt değerlendirme
application-decide = Karar
col-evaluated = Değerlendirme tarihi
col-eligible = Ölçütleri karşılıyor
eligible-yes = Evet
eligible-no = Hayır
col-sponsors = Referanslar
sponsors-declared-unrelated = akraba veya partner olmadıkları beyan edildi
field-decision = Onayla veya reddet
decision-approve = Onayla
decision-reject = Reddet
field-reason = Gerekçe (başvuru sahibi görür)
button-decide = Kararı kaydet
link-back = Geri

applications-title = { $society } başvuruları
applications-pending = Karar bekleyenler
applications-decided = Karara bağlananlar
applications-none = Başvuru yok.

criteria-title = { $society } üyelik ölçütleri
criteria-lead = Her üyelik türü kendi ölçütlerini listeler: uzmanlık yeterlik belgesi, hekimlik lisansı, dernek üyeliği, STE kredileri, kayıt sistemindeki işlemler, etik kurallara uyum beyanı, akredite sağlık kuruluşu, referanslar, meslekte geçen yıllar veya birkaç seçenekten herhangi biri.
criteria-export = Ölçütleri dosya olarak indir:
criteria-not-saved = Bu ölçütler bir başlangıç noktasıdır ve henüz kaydedilmedi: düzenleyip kaydedin.
criteria-none = Bu dernek henüz üyelik ölçütü yayımlamadı.
criteria-import = Ölçüt dosyası içe aktar
field-criteria = Ölçütler (TOML)
field-criteria-file = Bir ölçüt dosyası (TOML veya JSON)
button-import = İçe aktar

membership-title = Üyeliğim
membership-applications = Başvurularım ve yenilemelerim
membership-apply = Başvur veya yenile
membership-apply-lead = Başvurunuz derneğin ölçütlerine göre hemen değerlendirilir; ardından yöneticiler karar verir.
membership-credentials = Belgeler
membership-cme = Sürekli tıp eğitimi (STE) kredileri
membership-evaluations = Bugünkü uygunluk
member-membership-title = Üyelik kaydı: { $name }
col-renewal-due = Yenileme tarihi
col-ethics-attested = Etik beyanı
col-facility-attested = Kuruluş beyanı
col-actions = İşlemler
button-attest-ethics = Etik kurallara uyumu beyan et
button-attest-facility = Akredite kuruluşları beyan et
button-resign = Üyelikten ayrıl
field-society = Dernek
field-sponsors = Referansların e-posta adresleri (virgülle ayrılmış)
field-sponsors-unrelated = Referanslarımın akrabam veya partnerim olmadığını beyan ederim
field-practice-since = Mesleğe başlama
field-attest-ethics = Derneğin etik kurallarına uyduğumu beyan ederim
field-attest-facility = Yalnızca akredite sağlık kuruluşlarında ameliyat yaptığımı beyan ederim
button-apply = Başvur

credential-add = Belge ekle
credential-board_certification = Uzmanlık yeterlik belgesi
credential-licence = Hekimlik lisansı
credential-facility_accreditation = Kuruluş akreditasyonu
credential-expired = süresi doldu
evidence-download = İndir ({ $type })
col-kind = Tür
col-issuer = Veren kurum
field-credential-kind = Tür
field-issuer = Veren kurum (yeterlik kurulu, lisans makamı veya akreditasyon kuruluşu)
field-number = Numara
field-subject = Sağlık kuruluşu (akreditasyon için)
field-issued-on = Veriliş tarihi
field-expires-on = Geçerlilik sonu
field-evidence-file = Kanıt belgesi: PDF, PNG veya JPEG, en fazla { $mib } MiB
button-add-credential = Belgeyi ekle

cme-add = STE kredisi gir
col-activity = Etkinlik
col-date = Tarih
col-credits = Kredi
col-category = Kategori
field-activity = Etkinlik
field-completed-on = Tamamlanma tarihi
field-credits = Kredi
field-category = Kategori
button-add-cme = Kredileri ekle

error-date = 2026-05-04 gibi bir tarih değil
error-date-order = veriliş tarihinden önce olmamalıdır
error-future = gelecekte olmamalıdır
error-credits = 1.5 gibi bir kredi sayısı olmalıdır
error-syntax = geçerli TOML veya JSON değil
error-too-many = çok fazla öğe listeliyor
error-too-large = çok büyük
error-file-type = PDF, PNG veya JPEG dosyası değil

# Bir değerlendirme satırının ayrıntısı; adlar, sayılar ve tarihler kanıt belgelerinden gelir.
detail-no-credential = { $kind ->
    [board_certification] kayıtlı uzmanlık yeterlik belgesi yok
    [licence] kayıtlı hekimlik lisansı yok
   *[facility_accreditation] kayıtlı kuruluş akreditasyonu yok
}
detail-credential-current = geçerli: { $credential }
detail-credential-not-accepted = kayıtlı veren kurumların hiçbiri kabul edilmiyor: { $issuers }
detail-credential-expired = { $date } tarihinde süresi doldu
detail-credential-not-yet-valid = henüz geçerli değil
detail-membership-held = { $membership }
detail-membership-none = bu kurulumda kabul edilen bir derneğe üyelik yok
detail-membership-not-qualifying = mevcut üyelikler yeterli değil (tür veya durum)
detail-cme-total = { $date } tarihinden bu yana { $credits } / { $needed } kredi
detail-procedures-unknown = kayıt sistemindeki sayı alınamıyor
detail-procedures-count = { $from } ile { $to } arasında kayıt sisteminde { $count } işlem (gereken: { $needed })
detail-ethics-none = etik kurallara uyum beyan edilmedi
detail-ethics-future = beyan ileri bir tarihle yapılmış ({ $date })
detail-ethics-attested = { $date } tarihinde beyan edildi
detail-ethics-overdue = son beyan { $date }; { $due } tarihine kadar yenilenmesi gerekiyordu
detail-sponsors-none = referans belirtilmedi
detail-sponsors-count = { $count } / { $needed } uygun referans
detail-practice-unknown = mesleğe başlama tarihi beyan edilmedi
detail-practice-years = { $date } tarihinden bu yana meslekte { $years } tam yıl
detail-any-of-met = şu seçenekle karşılanıyor: { $option }
detail-any-of-none = seçeneklerin hiçbiri karşılanmıyor: { $options }
nav-standing = Ek süre ve askıya almalar
standing-title = { $society }: ek sürede veya askıdaki üyeler
standing-lead = Her gün her üyelik, derneğin sürdürme ölçütlerine göre kontrol edilir (belgeler, STE, beyanlar, üyelikler). Karşılanmayan bir ölçüt ek süreyi başlatır ve üyeye bildirilir; durum düzeltilmezse üyelik { $days } gün sonra askıya alınır ve tüm ölçütler karşılandığında yeniden aktif olur. Ek sürede veya askıdaki üyeler herkese açık rehberde listelenmez.
standing-none = Ek sürede veya askıda üye yok.
standing-why-dates = Yenileme veya beyan tarihleri
col-unmet-since = Karşılanmadığı tarih
col-suspend-on = Askıya alma tarihi
col-why = Neden
