# العضوية: المعايير والطلبات والتجديد والمؤهلات والتعليم الطبي المستمر.
nav-membership = العضوية
nav-applications = الطلبات
nav-criteria = معايير العضوية
member-membership-link = المؤهلات والتعليم الطبي والأهلية
done-applied = أُرسل طلبك. تقييمه أدناه.
done-decided = سُجّل القرار.
done-uploaded = أُضيف المؤهل.
done-attested = سُجّل إقرارك.
done-resigned = سُجّلت استقالتك.

col-criterion = المعيار
col-verdict = النتيجة
col-detail = التفاصيل
col-evidence = الإثبات
verdict-met = مستوفى
verdict-expires-soon = مستوفى، ينتهي قريبًا
verdict-expires-on = مستوفى، ينتهي في { $date }
verdict-not-met = غير مستوفى
verdict-evidence-missing = الإثبات ناقص

application-title = الطلب { $id }
application-renewal = تجديد
application-pending = بانتظار القرار
application-approved = مقبول
application-rejected = مرفوض
application-explanation = التقييم معيارًا معيارًا
application-decide = القرار
col-evaluated = تاريخ التقييم
col-eligible = يستوفي المعايير
eligible-yes = نعم
eligible-no = لا
col-sponsors = الكفلاء
sponsors-declared-unrelated = مُقَرّ بأنهم ليسوا أقارب ولا شركاء
field-decision = القبول أو الرفض
decision-approve = قبول
decision-reject = رفض
field-reason = السبب (يراه مقدّم الطلب)
button-decide = تسجيل القرار
link-back = رجوع

applications-title = الطلبات المقدّمة إلى { $society }
applications-pending = بانتظار القرار
applications-decided = طلبات بُتّ فيها
applications-none = لا توجد طلبات.

criteria-title = معايير العضوية في { $society }
criteria-lead = لكل نوع عضوية معاييره: شهادة البورد، ترخيص مزاولة الطب، العضوية في جمعية، ساعات التعليم الطبي المستمر، العمليات المسجلة في السجل، الإقرار بميثاق الأخلاقيات، منشأة معتمدة، الكفلاء، سنوات الممارسة، أو واحد من عدة خيارات.
criteria-export = تنزيل المعايير في ملف:
criteria-not-saved = هذه المعايير نقطة بداية ولم تُحفظ بعد: عدّلها ثم احفظها.
criteria-none = لم تنشر هذه الجمعية معايير العضوية بعد.
criteria-import = استيراد ملف معايير
field-criteria = المعايير (TOML)
field-criteria-file = ملف معايير (TOML أو JSON)
button-import = استيراد

membership-title = عضويتي
membership-applications = طلباتي وتجديداتي
membership-apply = تقديم طلب أو تجديد
membership-apply-lead = يُقيَّم طلبك فورًا وفق معايير الجمعية، ثم يقرر مسؤولوها.
membership-credentials = المؤهلات
membership-cme = ساعات التعليم الطبي المستمر
membership-evaluations = الأهلية اليوم
member-membership-title = سجل عضوية { $name }
col-renewal-due = موعد التجديد
col-ethics-attested = الإقرار بالأخلاقيات
col-facility-attested = الإقرار بالمنشأة
col-actions = إجراءات
button-attest-ethics = الإقرار بميثاق الأخلاقيات
button-attest-facility = الإقرار بالمنشآت المعتمدة
button-resign = الاستقالة
field-society = الجمعية
field-sponsors = البريد الإلكتروني للكفلاء (مفصولة بفواصل)
field-sponsors-unrelated = أقرّ بأن كفلائي ليسوا أقاربي ولا شركائي
field-practice-since = أمارس المهنة منذ
field-attest-ethics = أقرّ بالتزامي بميثاق أخلاقيات الجمعية
field-attest-facility = أقرّ بأنني لا أجري العمليات إلا في منشآت معتمدة
button-apply = تقديم الطلب

credential-add = إضافة مؤهل
credential-board_certification = شهادة بورد
credential-licence = ترخيص مزاولة الطب
credential-facility_accreditation = اعتماد منشأة
credential-expired = منتهٍ
evidence-download = تنزيل ({ $type })
col-kind = النوع
col-issuer = الجهة المصدرة
field-credential-kind = النوع
field-issuer = الجهة المصدرة (بورد أو سلطة ترخيص أو هيئة اعتماد)
field-number = الرقم
field-subject = المنشأة (للاعتماد)
field-issued-on = تاريخ الإصدار
field-expires-on = تاريخ الانتهاء
field-evidence-file = الإثبات: PDF أو PNG أو JPEG، بحد أقصى { $mib } ميبيبايت
button-add-credential = إضافة المؤهل

cme-add = إدخال ساعات التعليم الطبي المستمر
col-activity = النشاط
col-date = التاريخ
col-credits = الساعات المعتمدة
col-category = الفئة
field-activity = النشاط
field-completed-on = تاريخ الإتمام
field-credits = الساعات المعتمدة
field-category = الفئة
button-add-cme = إضافة الساعات

error-date = ليس تاريخًا مثل 2026-05-04
error-date-order = يجب ألا يسبق تاريخ الإصدار
error-future = يجب ألا يكون في المستقبل
error-credits = يجب أن يكون عددًا من الساعات مثل 1.5
error-syntax = ليس TOML أو JSON صالحًا
error-too-many = يتضمن عددًا أكبر من اللازم
error-too-large = كبير جدًا
error-file-type = ليس ملف PDF أو PNG أو JPEG

# تفاصيل سطر التقييم؛ الأسماء والأرقام والتواريخ مأخوذة من الإثباتات.
detail-no-credential = { $kind ->
    [board_certification] لا توجد شهادة بورد في الملف
    [licence] لا يوجد ترخيص لمزاولة الطب في الملف
   *[facility_accreditation] لا يوجد اعتماد منشأة في الملف
}
detail-credential-current = ساري: { $credential }
detail-credential-not-accepted = لا تُقبل أي جهة مصدرة في الملف: { $issuers }
detail-credential-expired = انتهى في { $date }
detail-credential-not-yet-valid = لم يصبح ساريًا بعد
detail-membership-held = { $membership }
detail-membership-none = لا توجد عضوية في جمعية مقبولة على هذه المنصة
detail-membership-not-qualifying = العضويات الحالية لا تستوفي الشرط (النوع أو الحالة)
detail-cme-total = { $credits } من { $needed } ساعة معتمدة منذ { $date }
detail-procedures-unknown = عدد العمليات في السجل غير متاح
detail-procedures-count = { $count } عملية في السجل من { $from } إلى { $to } (المطلوب { $needed })
detail-ethics-none = لم يتم الإقرار بميثاق الأخلاقيات
detail-ethics-future = إقرار بتاريخ في المستقبل ({ $date })
detail-ethics-attested = تم الإقرار في { $date }
detail-ethics-overdue = آخر إقرار في { $date }؛ كان مستحقًا مجددًا بحلول { $due }
detail-sponsors-none = لم يُذكر أي كفيل
detail-sponsors-count = { $count } من { $needed } كفلاء مستوفين للشروط
detail-practice-unknown = لم يُصرَّح بتاريخ بدء الممارسة
detail-practice-years = { $years } سنوات ممارسة كاملة منذ { $date }
detail-any-of-met = مستوفى عبر: { $option }
detail-any-of-none = لا يُستوفى أي من الخيارات: { $options }

# الأعضاء في فترة السماح أو الموقوفون (مسؤولو الجمعية).
nav-standing = فترات السماح والإيقاف
standing-title = { $society }: الأعضاء في فترة السماح أو الموقوفون
standing-lead = تُفحص كل عضوية يوميًا وفق المعايير الدائمة للجمعية (الشهادات، التعليم الطبي المستمر، الإقرارات، العضويات). عدم استيفاء معيار يبدأ فترة السماح ويُبلَّغ العضو؛ وتُوقف العضوية بعد { $days } يومًا ما لم يُصحَّح الأمر، وتعود سارية حين تُستوفى كل المعايير. لا يُدرج الأعضاء في فترة السماح أو الموقوفون في الدليل العام.
standing-none = لا يوجد عضو في فترة السماح أو موقوف.
standing-why-dates = تواريخ التجديد أو الإقرار
col-unmet-since = غير مستوفى منذ
col-suspend-on = الإيقاف في
col-why = السبب
