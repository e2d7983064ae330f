# الدليل العام الموثَّق وصفحات التحقق والشهادات الموقَّعة.
nav-directory = ابحث عن جرّاح
directory-title = ابحث عن جرّاح موثَّق
directory-lead = كل جرّاح مُدرج هنا عضو في وضع سليم في جمعية من جمعيات التحالف واختار أن يُدرج. العضوية التي تنقضي أو تُعلَّق تخرج من الدليل فوراً.
directory-ordering = تُرتَّب النتائج أبجدياً حسب اسم العائلة (ثم الاسم الأول، ثم معرِّف عشوائي ثابت منذ الانضمام). لا يمكن لأحد أن يدفع ليظهر في مرتبة أعلى.
directory-name = الاسم
directory-country = البلد
directory-city = المدينة
directory-procedure = الإجراء المقدَّم
directory-language = اللغة
directory-follow-up = يقدّم رعاية المتابعة للمرضى الذين عولجوا في الخارج
directory-follow-up-short = المتابعة
directory-any = الكل
directory-search = بحث
directory-found = { $count ->
    [one] وُجد جرّاح واحد
   *[other] وُجد { $count } جرّاحاً
}
directory-none = لا يوجد جرّاح مُدرج يطابق البحث. جرّب معايير أقل.
directory-societies = الجمعيات
directory-languages = اللغات
directory-procedures = الإجراءات المقدَّمة
directory-yes = نعم
directory-no = لا
directory-json = الدليل نفسه بصيغة JSON (واجهة البرمجة)
directory-page = الصفحة

verify-title = التحقق: { $name }
verify-listed = مُدرج في الدليل العام: عضو عامل اختار أن يُدرج.
verify-not-listed = غير مُدرج في الدليل العام: لا عضوية عاملة، أو اختار العضو ألا يُدرج. تحقّق من حالة كل عضوية أدناه.
verify-checked = آخر تحقق
verify-not-recorded = غير مسجَّل
verify-masked = رقم مخفي جزئياً
verify-share = شارك هذا التحقق
verify-qr = رمز QR لـ { $url }
verify-json = هذا السجل بصيغة JSON

member-directory-link = الإدراج في الدليل والإجراءات والشهادات
member-directory-title = الدليل والشهادات: { $name }
member-directory-back = العودة إلى الملف الشخصي
member-directory-verify = صفحة التحقق العامة:
member-directory-opted-in = مُدرج في الدليل العام ما دامت هناك عضوية عاملة.
member-directory-opted-out = غير مُدرج في الدليل العام (خيار الدليل في الملف الشخصي غير مفعّل).
member-directory-procedures-legend = الإجراءات المقدَّمة للمرضى

credentials-title = شهادات العضوية
credentials-lead = شهادات W3C قابلة للتحقق وموقَّعة (vc+jwt، Ed25519) يمكن لأي جمعية أو جهة عمل التحقق منها بالمفتاح المنشور للجمعية وبقوائم الإلغاء والتعليق.
credentials-valid-until = صالحة حتى
credentials-actions = إجراءات
credentials-download = تنزيل
credentials-set-status = الحالة
credential-valid = صالحة
credential-suspended = معلَّقة
credential-revoked = ملغاة
credentials-issue = إصدار شهادة عضوية في { $society }
credentials-not-active = لا تُصدر الشهادة إلا لعضوية عاملة.
credentials-keys = المفاتيح العامة للجمعيات المُصدِرة:

society-attestations-link = إفادات من جمعيات أخرى
attestations-title = الإفادات التي تلقّتها { $society }
attestations-lead = الصق شهادة عضوية موقَّعة من جمعية أخرى في التحالف. يتحقق Kallos من توقيعها بالمفتاح المنشور لتلك الجمعية، ومن تواريخها وقوائم الإلغاء والتعليق، ثم يسجّلها بدلاً من خطاب.
attestation-credential = الشهادة الموقَّعة (vc+jwt)
attestation-verify = تحقّق وسجّل
attestations-received = الإفادات المتحقَّق منها
attestations-issuer = صادرة عن
attestations-verified-on = تاريخ التحقق
attestation-empty = الصق شهادة أولاً.
attestation-refused = لم تُقبل الشهادة: { $reason }

# الفحص اليومي، في صفحة التحقق.
verify-not-current = غير سارية: لم يعد أحد المتطلبات مستوفى منذ { $date } (سيحدّث الفحص اليومي الحالة)
verify-checked-against = فُحصت في { $date } وفق معايير { $society }
verify-met = مستوفى
verify-met-until = مستوفى، صالح حتى { $date }
verify-unmet = غير مستوفى
verify-criterion-board-certification = شهادة البورد
verify-criterion-medical-licence = ترخيص مزاولة الطب
verify-criterion-society-membership = عضوية جمعية وطنية
verify-criterion-cme-credits = ساعات التعليم الطبي المستمر
verify-criterion-procedure-volume = العمليات المسجلة في السجل
verify-criterion-ethics-attestation = الإقرار بميثاق الأخلاقيات هذا العام
verify-criterion-accredited-facility = يعمل في منشأة معتمدة
verify-criterion-sponsors = الكفلاء
verify-criterion-years-in-practice = سنوات الممارسة
verify-criterion-any-of = أحد عدة متطلبات
