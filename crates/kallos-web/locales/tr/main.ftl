site-name = Kallos
site-tagline = Estetik cerrahi dernekleri için kayıt sistemi, üyelik ve hasta güvenliği
skip-to-content = İçeriğe geç
nav-home = Ana sayfa
nav-societies = Dernekler
nav-profile = Profilim
nav-sign-in = Giriş yap
nav-sign-out = Çıkış yap
nav-language = Dil
signed-in-as = Oturum açan: { $name }
footer-note = Kallos açık kaynaklı bir yazılımdır. Demo verisi olarak işaretlenen rakamlar gerçek değildir.

home-title = Birlikte, daha güvenli estetik cerrahi
home-lead = Kallos, ISAPS Küresel İttifakı'ndaki ulusal estetik cerrahi derneklerinin ortak platformudur: üyeleri ve belgeleri, işlemler ve sonuçlar için küresel bir kayıt sistemi ve hastalar için herkese açık araçlar.
home-societies = { $count } dernek katılıyor.
home-browse = Derneklere göz atın
home-for-admins = Dernek yöneticileri üyelerini yönetmek için giriş yapar.

sign-in-title = Giriş yap
sign-in-button = Giriş yap
sign-in-failed = E-posta adresi veya parola doğru değil.
sign-in-rate-limited = Çok fazla deneme yapıldı. Lütfen { $minutes } dakika bekleyip yeniden deneyin.
signed-out = Oturumunuz kapatıldı.
field-email = E-posta adresi
field-password = Parola

societies-title = İttifakın dernekleri
societies-lead = ISAPS Küresel İttifakı 2024–2030 Stratejik Çerçevesi'ni destekleyen ulusal ve bölgesel dernekler.
filter-label = Tabloyu filtrele
col-acronym = Kısaltma
col-name = Ad
col-country = Ülke
col-active-members = Aktif üyeler
col-city = Şehir
col-type = Tür
col-status = Durum
col-board = Yeterlik kurulu
col-number = Numara
col-issued = Veriliş
col-expires = Geçerlilik sonu
col-setting = Ortam
col-accreditation = Akreditasyon
col-accredited-until = Akreditasyon bitişi
col-society = Dernek
col-since = Başlangıç
kind-alliance = Küresel ittifak
kind-national = Ulusal dernek
country-none = Bölgesel

society-members-link = Üyeler ({ $count })
society-active-members = { $count ->
    [one] Bir aktif üye
   *[other] { $count } aktif üye
}
members-title = { $society } üyeleri
members-empty = Henüz üye yok.
member-add = Üye ekle
member-new-title = { $society } için yeni üye
page-of = Sayfa { $page } / { $pages }
page-prev = Önceki sayfa
page-next = Sonraki sayfa

field-given-name = Ad
field-family-name = Soyadı
field-country = Ülke (ISO kodu, ör. BR)
field-city = Şehir
field-languages = Diller (ISO 639-1 kodları, virgülle ayrılmış)
field-offers-follow-up = Yurt dışında ameliyat olan hastalara takip hizmeti sunar
field-directory-opt-in = Herkese açık rehberde listelenir
field-membership-type = Üyelik türü
button-save = Kaydet
button-create = Üyeyi oluştur
saved = Kaydedildi.
created = Üye oluşturuldu.
form-has-errors = Lütfen aşağıda işaretlenen alanları düzeltin.

member-memberships = Üyelikler
member-certifications = Sertifikalar
member-facilities = Sağlık kuruluşları
member-none = Kayıt yok.
member-edit = Profili düzenle
profile-title = Profilim
profile-no-member = Hesabınız bir üye kaydına bağlı değil.

type-active = Asil üye
type-associate = Yardımcı üye
type-resident = Asistan / Fellow
status-applicant = Başvuru sahibi
status-active = Aktif
status-grace = Ek süre
status-suspended = Askıya alındı
status-lapsed = Süresi doldu
status-resigned = Ayrıldı
setting-office = Muayenehane
setting-ambulatory_surgery_centre = Günübirlik cerrahi merkezi
setting-hospital = Hastane

error-title = Bir sorun var
error-not-found = Bu sayfayı bulamadık.
error-unauthenticated = Bu sayfayı görmek için lütfen giriş yapın.
error-forbidden = Bu sayfaya erişim izniniz yok.
error-bad-request = İstek anlaşılamadı: { $detail }
error-rate-limited = Çok fazla istek. Lütfen bekleyip yeniden deneyin.
error-internal = Bizim tarafımızda bir hata oluştu. Yeniden olursa { $id } numaralı isteği belirtin.
error-conflict = Bu, kayıtlı verilerle çelişiyor: { $detail }
error-csrf = Bu formun süresi doldu. Lütfen geri dönün, sayfayı yenileyin ve yeniden deneyin.
back-home = Ana sayfaya dön

error-required = zorunludur
error-too-long = çok uzun
error-control = kontrol karakteri içermemelidir
error-country = BR gibi bir ISO 3166 ülke kodu olmalıdır
error-language = pt, en gibi ISO 639-1 dil kodlarını listelemelidir
error-email = ad@example.org gibi bir e-posta adresi olmalıdır
error-choice = seçeneklerden biri değil
error-taken = zaten kayıtlı
error-type = türü yanlış
error-invalid = geçerli değil

registry-title = { $society } kayıt sistemi
registry-cases = { $count ->
    [one] Bir olgu kayıtlı.
   *[other] { $count } olgu kayıtlı.
}
registry-member-lead = Ameliyat ettiğiniz olguları siz gönderirsiniz: her satır sizi ameliyatı yapan üye olarak belirtir (member_id { $member }). Derneğinizin yöneticileri derneğin tüm olgularını görür.
registry-member-cases = { $count ->
    [one] Olgularınızdan biri kayıtlı.
   *[other] Olgularınızdan { $count } tanesi kayıtlı.
}
profile-registry = { $society } kayıt sistemine olgu gönder
registry-upload = Olgu dosyası gönder
registry-upload-lead = Veri setinin sütunlarında, her olgu için bir satır içeren bir CSV dosyası. Her satır kontrol edilir; uygun satırlar kabul edilir, rapor diğerlerini listeler.
registry-template = Şablonu indir (CSV)
registry-template-xlsx = şablonu çalışma kitabı olarak (XLSX, seçenek listeleri ve veri sözlüğüyle)
registry-file = CSV veya XLSX dosyası (en fazla { $mib } MiB)
registry-uploading = Yükleniyor
registry-submit = Yükle ve içe aktar
registry-back = Kayıt sistemine dön
submission-title = Gönderim { $id }
submission-file = Dosya
submission-running = İçe aktarılıyor…
submission-completed = Tamamlandı
submission-rejected = Reddedildi
submission-rows-read = Okunan satırlar
submission-accepted = Yeni olgular
submission-updated = Güncellenen olgular
submission-unchanged = Değişmeyen olgular
submission-rejected-rows = Reddedilen satırlar
submission-refresh = Bu sayfa içe aktarma bitene kadar yenilenir.
submission-report = Doğrulama raporu
submission-no-issues = Tüm satırlar kontrollerden geçti.
submission-download = Raporun tamamını indir ({ $count } satır, CSV)
col-row = Satır
col-column = Sütun
col-value = Değer
col-reason = Neden
col-severity = Önem derecesi
nav-registry = Kayıt sistemi

case-new = Tek bir olgu kaydet
case-new-title = { $society } için yeni olgu
case-new-lead = Dosyadaki kontrollerin aynısı uygulanır. Asla ad, e-posta, telefon, adres, doğum tarihi veya kimlik numarası girmeyin: hasta anahtarı kendi sisteminizden bir takma addır.
case-section-case = Olgu
case-section-patient = Hastanın risk faktörleri
case-section-devices = İmplante edilen cihazlar
case-section-outcome = Takip ve sonuç
case-dictionary = Her alanın anlamı
case-submit = Olguyu kontrol et ve kaydet
choice-none = (yok)
case-field-case_id = Olgu kimliği
case-field-society = Dernek
case-field-member_id = Ameliyatı yapan üye (Kallos kimliği)
case-field-facility_id = Sağlık kuruluşu (Kallos kimliği)
case-field-setting = Ortam
case-field-procedure_country = İşlemin yapıldığı ülke
case-field-residence_country = Hastanın yaşadığı ülke
case-field-procedure_date = İşlem tarihi
case-field-procedures = İşlem kodları (; ile ayrılmış)
case-field-duration_min = Süre (dakika)
case-field-anaesthesia = Anestezi
case-field-patient_key = Takma adlı hasta anahtarı
case-field-age = Yaş (yıl)
case-field-sex = Cinsiyet
case-field-bmi = Vücut kitle indeksi
case-field-smoker = Sigara kullanımı
case-field-diabetes = Diyabet
case-field-asa = ASA sınıfı
case-field-caprini = Caprini skoru
case-field-device1_manufacturer = Cihaz 1: üretici
case-field-device1_model = Cihaz 1: model
case-field-device1_lot = Cihaz 1: lot
case-field-device1_serial = Cihaz 1: seri numarası
case-field-device1_udi = Cihaz 1: UDI
case-field-device1_side = Cihaz 1: taraf
case-field-device2_manufacturer = Cihaz 2: üretici
case-field-device2_model = Cihaz 2: model
case-field-device2_lot = Cihaz 2: lot
case-field-device2_serial = Cihaz 2: seri numarası
case-field-device2_udi = Cihaz 2: UDI
case-field-device2_side = Cihaz 2: taraf
case-field-followup_30_date = 30. gün takip tarihi
case-field-followup_90_date = 90. gün takip tarihi
case-field-complications = Komplikasyonlar (KOD:DERECE:TARİH; …)
case-field-reoperation = Planlanmamış yeniden ameliyat
case-field-readmission = Planlanmamış yeniden yatış
case-field-death = Ölüm
case-title = Olgu { $id }
case-version = Sürüm
case-earlier-versions = { $count ->
    [one] bir önceki sürüm saklanıyor
   *[other] { $count } önceki sürüm saklanıyor
}
case-find = Olguyu kimliğiyle bul (takibini girmek için)
case-find-button = Olguyu aç
registry-submissions = Son gönderimler
registry-no-submissions = Henüz gönderim yok.
col-submission = Gönderim
col-started = Başlangıç
