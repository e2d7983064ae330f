site-name = كالوس
site-tagline = السجل والعضوية وسلامة المرضى لجمعيات الجراحة التجميلية
skip-to-content = انتقل إلى المحتوى
nav-home = الرئيسية
nav-societies = الجمعيات
nav-profile = ملفي الشخصي
nav-sign-in = تسجيل الدخول
nav-sign-out = تسجيل الخروج
nav-language = اللغة
signed-in-as = تم تسجيل الدخول باسم { $name }
footer-note = كالوس برنامج مفتوح المصدر. بيانات العرض التوضيحي وهمية.

home-title = جراحة تجميلية أكثر أماناً، معاً
home-lead = كالوس هي المنصة المشتركة للجمعيات الوطنية للجراحة التجميلية في التحالف العالمي للجمعية الدولية للجراحة التجميلية (ISAPS): أعضاؤها ومؤهلاتهم، وسجل عالمي للعمليات ونتائجها، وأدوات عامة للمرضى.
home-societies = تشارك { $count } جمعية.
home-browse = تصفح الجمعيات
home-for-admins = يسجّل مديرو الجمعيات الدخول لإدارة أعضائهم.

sign-in-title = تسجيل الدخول
sign-in-button = دخول
sign-in-failed = البريد الإلكتروني أو كلمة المرور غير صحيحة.
sign-in-rate-limited = محاولات كثيرة جداً. يرجى الانتظار { $minutes } دقيقة ثم المحاولة مجدداً.
signed-out = لقد سجّلت الخروج.
field-email = البريد الإلكتروني
field-password = كلمة المرور

societies-title = جمعيات التحالف
societies-lead = الجمعيات الوطنية والإقليمية التي تدعم الإطار الاستراتيجي للتحالف العالمي 2024–2030.
filter-label = تصفية الجدول
col-acronym = الاختصار
col-name = الاسم
col-country = البلد
col-active-members = الأعضاء العاملون
col-city = المدينة
col-type = الفئة
col-status = الحالة
col-board = الهيئة
col-number = الرقم
col-issued = تاريخ الإصدار
col-expires = تاريخ الانتهاء
col-setting = نوع المنشأة
col-accreditation = الاعتماد
col-accredited-until = معتمد حتى
col-society = الجمعية
col-since = منذ
kind-alliance = التحالف العالمي
kind-national = جمعية وطنية
country-none = إقليمية

society-members-link = الأعضاء ({ $count })
society-active-members = { $count ->
    [one] عضو عامل واحد
   *[other] { $count } عضواً عاملاً
}
members-title = أعضاء { $society }
members-empty = لا يوجد أعضاء بعد.
member-add = إضافة عضو
member-new-title = عضو جديد في { $society }
page-of = الصفحة { $page } من { $pages }
page-prev = الصفحة السابقة
page-next = الصفحة التالية

field-given-name = الاسم الأول
field-family-name = اسم العائلة
field-country = البلد (رمز ISO، مثل BR)
field-city = المدينة
field-languages = اللغات (رموز ISO 639-1 مفصولة بفواصل)
field-offers-follow-up = يقدّم رعاية المتابعة للمرضى الذين عولجوا في الخارج
field-directory-opt-in = مُدرج في الدليل العام
field-membership-type = فئة العضوية
button-save = حفظ
button-create = إنشاء العضو
saved = تم الحفظ.
created = تم إنشاء العضو.
form-has-errors = يرجى تصحيح الحقول المشار إليها أدناه.

member-memberships = العضويات
member-certifications = الشهادات
member-facilities = المنشآت
member-none = لا توجد بيانات.
member-edit = تعديل الملف
profile-title = ملفي الشخصي
profile-no-member = حسابك غير مرتبط بسجل عضو.

type-active = عامل
type-associate = منتسب
type-resident = مقيم / زميل
status-applicant = مقدّم طلب
status-active = نشط
status-grace = فترة سماح
status-suspended = موقوف
status-lapsed = منتهية
status-resigned = مستقيل
setting-office = عيادة
setting-ambulatory_surgery_centre = مركز جراحة اليوم الواحد
setting-hospital = مستشفى

error-title = حدث خطأ ما
error-not-found = لم نعثر على هذه الصفحة.
error-unauthenticated = يرجى تسجيل الدخول لعرض هذه الصفحة.
error-forbidden = ليس لديك صلاحية الوصول إلى هذه الصفحة.
error-bad-request = تعذّر فهم الطلب: { $detail }
error-rate-limited = طلبات كثيرة جداً. يرجى الانتظار ثم المحاولة مجدداً.
error-internal = حدث خطأ من جهتنا. إذا تكرر، اذكر رقم الطلب { $id }.
error-conflict = يتعارض هذا مع بيانات محفوظة: { $detail }
error-csrf = انتهت صلاحية هذا النموذج. ارجع وأعد تحميل الصفحة ثم حاول مجدداً.
back-home = العودة إلى الصفحة الرئيسية

error-required = مطلوب
error-too-long = طويل جداً
error-control = يجب ألا يحتوي على محارف تحكم
error-country = يجب أن يكون رمز بلد ISO 3166، مثل BR
error-language = يجب أن يسرد رموز لغات ISO 639-1، مثل pt, en
error-email = يجب أن يكون عنوان بريد إلكتروني، مثل name@example.org
error-choice = ليس من الخيارات المتاحة
error-taken = مسجّل مسبقاً
error-type = نوعه غير صحيح
error-invalid = غير صالح

registry-title = سجل { $society }
registry-cases = { $count ->
    [one] حالة واحدة محفوظة.
   *[other] { $count } حالة محفوظة.
}
registry-member-lead = ترسل الحالات التي أجريتها بنفسك: كل صف يذكرك بصفتك الجرّاح (member_id { $member }). يرى مسؤولو جمعيتك جميع حالاتها.
registry-member-cases = { $count ->
    [one] حالة واحدة من حالاتك محفوظة.
   *[other] { $count } من حالاتك محفوظة.
}
profile-registry = إرسال حالات إلى سجل { $society }
registry-upload = إرسال ملف حالات
registry-upload-lead = ملف CSV بسطر لكل حالة، بأعمدة مجموعة البيانات. يُفحص كل سطر؛ تُقبل الأسطر السليمة ويذكر التقرير البقية.
registry-template = تنزيل القالب (CSV)
registry-template-xlsx = القالب كمصنف (XLSX، مع قوائم الخيارات وقاموس البيانات)
registry-file = ملف CSV أو XLSX (بحد أقصى { $mib } ميبيبايت)
registry-uploading = جارٍ الرفع
registry-submit = رفع واستيراد
registry-back = العودة إلى السجل
submission-title = الإرسال { $id }
submission-file = الملف
submission-running = جارٍ الاستيراد…
submission-completed = مكتمل
submission-rejected = مرفوض
submission-rows-read = الأسطر المقروءة
submission-accepted = حالات جديدة
submission-updated = حالات محدّثة
submission-unchanged = حالات دون تغيير
submission-rejected-rows = أسطر مرفوضة
submission-refresh = تتحدث هذه الصفحة حتى ينتهي الاستيراد.
submission-report = تقرير التحقق
submission-no-issues = اجتازت كل الأسطر الفحوص.
submission-download = تنزيل التقرير كاملاً ({ $count } سطراً، CSV)
col-row = السطر
col-column = العمود
col-value = القيمة
col-reason = السبب
col-severity = الخطورة
nav-registry = السجل

case-new = تسجيل حالة واحدة
case-new-title = حالة جديدة لـ { $society }
case-new-lead = تنطبق الفحوص نفسها المطبقة على الملفات. لا تُدخل أبداً اسماً أو بريداً إلكترونياً أو هاتفاً أو عنواناً أو تاريخ ميلاد أو رقم هوية: مفتاح المريض اسم مستعار من نظامك.
case-section-case = الحالة
case-section-patient = عوامل خطر المريض
case-section-devices = الأجهزة المزروعة
case-section-outcome = المتابعة والنتيجة
case-dictionary = معنى كل حقل
case-submit = فحص الحالة وحفظها
choice-none = (لا شيء)
case-field-case_id = رقم الحالة
case-field-society = الجمعية
case-field-member_id = العضو الجراح (رقم كالوس)
case-field-facility_id = المنشأة (رقم كالوس)
case-field-setting = نوع المنشأة
case-field-procedure_country = بلد العملية
case-field-residence_country = بلد إقامة المريض
case-field-procedure_date = تاريخ العملية
case-field-procedures = رموز العمليات (مفصولة بـ ;)
case-field-duration_min = المدة (دقائق)
case-field-anaesthesia = التخدير
case-field-patient_key = المفتاح المستعار للمريض
case-field-age = العمر (سنوات)
case-field-sex = الجنس
case-field-bmi = مؤشر كتلة الجسم
case-field-smoker = مدخّن
case-field-diabetes = سكّري
case-field-asa = تصنيف ASA
case-field-caprini = مقياس كابريني
case-field-device1_manufacturer = الجهاز 1: الشركة المصنّعة
case-field-device1_model = الجهاز 1: الطراز
case-field-device1_lot = الجهاز 1: رقم التشغيلة
case-field-device1_serial = الجهاز 1: الرقم التسلسلي
case-field-device1_udi = الجهاز 1: المعرّف الفريد
case-field-device1_side = الجهاز 1: الجهة
case-field-device2_manufacturer = الجهاز 2: الشركة المصنّعة
case-field-device2_model = الجهاز 2: الطراز
case-field-device2_lot = الجهاز 2: رقم التشغيلة
case-field-device2_serial = الجهاز 2: الرقم التسلسلي
case-field-device2_udi = الجهاز 2: المعرّف الفريد
case-field-device2_side = الجهاز 2: الجهة
case-field-followup_30_date = تاريخ متابعة 30 يوماً
case-field-followup_90_date = تاريخ متابعة 90 يوماً
case-field-complications = المضاعفات (CODE:GRADE:DATE; …)
case-field-reoperation = إعادة جراحة غير مخططة
case-field-readmission = إعادة إدخال غير مخططة
case-field-death = وفاة
case-title = الحالة { $id }
case-version = الإصدار
case-earlier-versions = { $count ->
    [one] نسخة سابقة واحدة محفوظة
   *[other] { $count } نسخ سابقة محفوظة
}
case-find = البحث عن حالة برقمها (لإدخال متابعتها)
case-find-button = فتح الحالة
registry-submissions = الإرسالات الأخيرة
registry-no-submissions = لا توجد إرسالات بعد.
col-submission = الإرسال
col-started = البدء
submission-failed = فشل
submission-failed-note = تعذّرت قراءة هذا الملف بوصفه حالات، فلم يُستورد شيء. يبيّن التقرير أدناه السبب؛ صحّح الملف ثم ارفعه مجدداً.
