## سبب رفض قيمة من ملف الحالات أو استبعادها.

reason-identifier-column = يحتوي على { $what ->
        [email] عنوان بريد إلكتروني
        [phone] رقم هاتف
        [address] عنوان سكن
        [birth-date] تاريخ ميلاد دقيق
        [possible-birth-date] تاريخ (قد يكون تاريخ ميلاد)
        [national-id] رقم هوية وطنية
        [record-number] رقم سجل طبي
       *[name] اسم
    }: المعرّفات المباشرة مرفوضة؛ استُبعد العمود كله
reason-identifier-refused = يبدو { $what ->
        [email] عنوان بريد إلكتروني
        [phone] رقم هاتف
        [address] عنوان سكن
        [birth-date] تاريخ ميلاد دقيق
        [possible-birth-date] تاريخًا (قد يكون تاريخ ميلاد)
        [national-id] رقم هوية وطنية
        [record-number] رقم سجل طبي
       *[name] اسمًا
    }: المعرّفات المباشرة مرفوضة
reason-identifier-dropped = يبدو { $what ->
        [email] عنوان بريد إلكتروني
        [phone] رقم هاتف
        [address] عنوان سكن
        [birth-date] تاريخ ميلاد دقيق
        [possible-birth-date] تاريخًا (قد يكون تاريخ ميلاد)
        [national-id] رقم هوية وطنية
        [record-number] رقم سجل طبي
       *[name] اسمًا
    }: المعرّفات المباشرة مرفوضة؛ استُبعدت القيمة
reason-unknown-column = ليس عمودًا من مجموعة البيانات؛ تم تجاهله
reason-not-utf8 = السطر ليس بترميز UTF-8 صالح
reason-required = مطلوب
reason-range = يجب أن يكون بين { $min } و{ $max }
reason-whole-number = يجب أن يكون عددًا صحيحًا
reason-decimal-number = يجب أن يكون عددًا مثل 24.5
reason-in-future = في المستقبل (اليوم { $today })
reason-dated-in-future = مؤرخ في المستقبل (اليوم { $today })
reason-date-format = يجب أن يكون تاريخًا بالصيغة YYYY-MM-DD
reason-yes-no = يجب أن يكون yes أو no
reason-one-of = يجب أن يكون أحد: { $choices }
reason-country-code = يجب أن يكون رمز بلد ISO 3166-1 من حرفين، مثل BR
reason-case-id-format = يجب أن يتكون من 1 إلى 64 حرفًا أو رقمًا أو «.» أو «_» أو «/» أو «-»
reason-patient-key-format = يجب أن يتكون من 6 إلى 64 حرفًا أو رقمًا أو «-» أو «_»
reason-unknown-society = ليست جمعية من جمعيات التحالف
reason-restricted-to = هذا الاستيراد مقصور على { $society }
reason-own-cases-only = يجب أن يكون { $member }: لا يقدّم العضو إلا الحالات التي أجراها
reason-not-a-member = ليس عضوًا في { $society }
reason-before-year = قبل { $year }
reason-locked = الفترة { $period } معتمدة؛ اسحب الاعتماد أولًا
reason-stored-case-locked = الحالة المحفوظة في فترة معتمدة: الفترة { $period } معتمدة؛ اسحب الاعتماد أولًا
reason-before-procedure = قبل العملية ({ $date })
reason-dated-before-procedure = مؤرخ قبل العملية ({ $date })
reason-before-first-follow-up = قبل متابعة اليوم الثلاثين ({ $date })
reason-implants-need-devices = تكبير الثدي بالغرسات يتطلب ذكر الغرسات
reason-unknown-procedure = «{ $code }» ليس رمز عملية
reason-listed-twice = «{ $code }» مذكور مرتين
reason-procedure-count = يجب أن يذكر من 1 إلى { $max } من رموز العمليات
reason-required-for-device = مطلوب للجهاز
reason-too-long = يجب ألا يتجاوز { $max } حرفًا
reason-complication-format = تُكتب كل مضاعفة بالصيغة CODE:GRADE:YYYY-MM-DD
reason-unknown-complication = «{ $code }» ليس رمز مضاعفة
reason-grade = يجب أن تكون الدرجة من درجات Clavien–Dindo: I أو II أو IIIa أو IIIb أو IVa أو IVb أو V
reason-complication-date-format = يجب أن يكون التاريخ بالصيغة YYYY-MM-DD
reason-udi-unclosed = ليس معرّف جهاز فريدًا (GS1 UDI): «(» بلا «)»
reason-udi-unexpected = ليس معرّف جهاز فريدًا (GS1 UDI): نص غير متوقع «{ $text }»
reason-udi-truncated = ليس معرّف جهاز فريدًا (GS1 UDI): معرّف تطبيق مبتور
reason-udi-unknown-ai = ليس معرّف جهاز فريدًا (GS1 UDI): معرّف تطبيق غير معروف ({ $ai })
reason-udi-too-short = ليس معرّف جهاز فريدًا (GS1 UDI): ({ $ai }) قصير جدًا
reason-udi-empty = ليس معرّف جهاز فريدًا (GS1 UDI): ({ $ai }) فارغ
reason-udi-no-di = ليس معرّف جهاز فريدًا (GS1 UDI): لا يوجد معرّف الجهاز (01)
reason-udi-check-digit = ليس معرّف جهاز فريدًا (GS1 UDI): (01){ $di } ليس GTIN-14 صالحًا (رقم التحقق)
reason-udi-date = ليس معرّف جهاز فريدًا (GS1 UDI): التاريخ «{ $date }» ليس بالصيغة YYMMDD
severity-error = خطأ
severity-dropped = مُستبعد
reason-repeated-in-file = مكرر في هذا الملف، في السطر { $row }
reason-file-missing-columns = يفتقر سطر العناوين إلى العمود أو الأعمدة المطلوبة { $columns }؛ لم يُستورد شيء
reason-file-duplicate-column = يرد العمود مرتين في سطر العناوين؛ لم يُستورد شيء
reason-file-delimiter = الأعمدة مفصولة بـ«{ $delimiter }» لا بفواصل: احفظ الملف بصيغة CSV UTF-8 (مفصول بفواصل)؛ لم يُستورد شيء
reason-file-utf16 = الملف نص بترميز UTF-16: احفظه بصيغة CSV UTF-8؛ لم يُستورد شيء
reason-file-not-text = الملف ليس نصاً: احفظ الحالات بصيغة CSV UTF-8 أو XLSX؛ لم يُستورد شيء
reason-file-header-not-utf8 = سطر العناوين ليس نصاً بترميز UTF-8: احفظ الملف بصيغة CSV UTF-8؛ لم يُستورد شيء
reason-file-malformed = تتعذّر قراءة الملف بصيغة CSV ({ $detail })؛ لم يُستورد شيء
reason-file-unreadable = تعذّرت قراءة الملف ({ $detail })؛ لم يُستورد شيء
