# Doğrulanmış herkese açık rehber, doğrulama sayfaları, belgeler ve onaylar.
nav-directory = Cerrah bul
directory-title = Doğrulanmış bir cerrah bulun
directory-lead = Burada listelenen her cerrah, ittifaktaki bir derneğin üyeliği devam eden bir üyesidir ve listelenmeyi kendisi seçmiştir. Süresi dolan veya askıya alınan bir üyelik rehberden hemen çıkar.
directory-ordering = Sonuçlar soyadına göre alfabetik sıradadır (ardından ada, ardından üye katıldığında belirlenen rastgele bir tanımlayıcıya göre). Kimse üst sıralarda görünmek için ödeme yapamaz.
directory-name = Ad
directory-country = Ülke
directory-city = Şehir
directory-procedure = Sunulan işlem
directory-language = Konuşulan dil
directory-follow-up = Yurt dışında ameliyat olan hastalara takip hizmeti sunar
directory-follow-up-short = Takip hizmeti
directory-any = Tümü
directory-search = Ara
directory-found = { $count ->
    [one] Bir cerrah bulundu
   *[other] { $count } cerrah bulundu
}
directory-none = Ölçütlere uyan listelenmiş cerrah yok. Daha az ölçüt deneyin.
directory-societies = Dernekler
directory-languages = Diller
directory-procedures = Sunulan işlemler
directory-yes = Evet
directory-no = Hayır
directory-json = Aynı rehber JSON olarak (API)
directory-page = Sayfa

verify-title = Doğrulama: { $name }
verify-listed = Herkese açık rehberde listeleniyor: listelenmeyi seçmiş aktif bir üye.
verify-not-listed = Herkese açık rehberde listelenmiyor: aktif üyelik yok veya üye listelenmemeyi seçti. Aşağıda her üyeliğin durumuna bakın.
verify-checked = Son kontrol
verify-not-recorded = kaydedilmedi
verify-masked = Numara kısmen gizlendi
verify-share = Bu doğrulamayı paylaş
verify-qr = { $url } için QR kodu
verify-json = Bu kayıt JSON olarak

member-directory-link = Rehber kaydı, işlemler ve belgeler
member-directory-title = Rehber ve belgeler: { $name }
member-directory-back = Profile dön
member-directory-verify = Herkese açık doğrulama sayfası:
member-directory-opted-in = Aktif bir üyelik sürdükçe herkese açık rehberde listelenir.
member-directory-opted-out = Herkese açık rehberde listelenmiyor (profildeki rehber seçeneği kapalı).
member-directory-procedures-legend = Hastalara sunulan işlemler

credentials-title = Üyelik belgeleri
credentials-lead = Herhangi bir derneğin veya işverenin, derneğin yayımlanmış anahtarı ve iptal ve askı listeleriyle kontrol edebileceği imzalı W3C Doğrulanabilir Kimlik Bilgileri (vc+jwt, Ed25519).
credentials-valid-until = Geçerlilik sonu
credentials-actions = İşlemler
credentials-download = İndir
credentials-set-status = Durum
credential-valid = Geçerli
credential-suspended = Askıya alındı
credential-revoked = İptal edildi
credentials-issue = { $society } üyelik belgesi düzenle
credentials-not-active = Belge yalnızca aktif bir üyelik için düzenlenir.
credentials-keys = Belgeyi düzenleyen derneklerin açık anahtarları:

society-attestations-link = Diğer derneklerden onaylar
attestations-title = { $society } tarafından alınan onaylar
attestations-lead = İttifaktaki başka bir dernek tarafından imzalanmış bir üyelik belgesini yapıştırın. Kallos imzasını o derneğin yayımlanmış anahtarıyla, tarihlerini ve iptal ve askı listelerini kontrol eder, ardından bir mektup yerine kaydeder.
attestation-credential = İmzalı belge (vc+jwt)
attestation-verify = Doğrula ve kaydet
attestations-received = Doğrulanmış onaylar
attestations-issuer = Düzenleyen
attestations-verified-on = Doğrulama tarihi
attestation-empty = Önce bir belge yapıştırın.
attestation-refused = Belge kabul edilmedi: { $reason }
verify-not-current = Güncel değil: { $date } tarihinden bu yana bir gereklilik karşılanmıyor (günlük kontrol durumu güncelleyecek)
verify-checked-against = { $date } tarihinde { $society } ölçütlerine göre kontrol edildi
verify-met = karşılanıyor
verify-met-until = karşılanıyor, { $date } tarihine kadar geçerli
verify-unmet = karşılanmıyor
verify-criterion-board-certification = Uzmanlık yeterlik belgesi
verify-criterion-medical-licence = Hekimlik lisansı
verify-criterion-society-membership = Ulusal bir derneğe üyelik
verify-criterion-cme-credits = Sürekli tıp eğitimi (STE) kredileri
verify-criterion-procedure-volume = Kayıt sistemine girilen işlemler
verify-criterion-ethics-attestation = Bu yıl etik kurallara uyum beyanı
verify-criterion-accredited-facility = Akredite bir sağlık kuruluşunda ameliyat yapıyor
verify-criterion-sponsors = Referanslar
verify-criterion-years-in-practice = Meslekte geçen yıllar
verify-criterion-any-of = Birkaç gereklilikten biri
