"""The demo clinic's language-assistance taglines: "free language help is available to you", in the
languages of its patients besides English (a Minnesota clinic's usual list), each opening with the
language's own name in bold so readers find theirs.

The wording follows the sample taglines HHS published for ACA section 1557; a real clinic has its
translators check them. Each is (the language's code as ``blog.language_blocks`` offers it, rich text).
"""

LANGUAGE_TAGLINES = (
    (
        "es",
        "<p><b>Español:</b> ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos de "
        "asistencia lingüística.</p>",
    ),
    (
        "so",
        "<p><b>Soomaali:</b> FIIRO GAAR AH: Haddii aad ku hadasho Af-Soomaali, adeegyada caawimada luqadda, "
        "oo bilaash ah, ayaa laguu heli karaa.</p>",
    ),
    (
        "hmn",
        "<p><b>Hmoob:</b> LUS CEEV: Yog tias koj hais lus Hmoob, cov kev pab txog lus, muaj kev pab dawb rau "
        "koj.</p>",
    ),
    (
        "vi",
        "<p><b>Tiếng Việt:</b> CHÚ Ý: Nếu bạn nói Tiếng Việt, có các dịch vụ hỗ trợ ngôn ngữ miễn phí dành "
        "cho bạn.</p>",
    ),
    (
        "ru",
        "<p><b>Русский:</b> ВНИМАНИЕ: Если вы говорите на русском языке, то вам доступны бесплатные услуги "
        "перевода.</p>",
    ),
    ("zh-Hant", "<p><b>繁體中文：</b>注意：如果您使用繁體中文，您可以免費獲得語言援助服務。</p>"),
    (
        "ar",
        "<p><b>العربية:</b> ملحوظة: إذا كنت تتحدث العربية، فإن خدمات المساعدة اللغوية تتوافر لك بالمجان.</p>",
    ),
    (
        "am",
        "<p><b>አማርኛ:</b> ማስታወሻ: የሚናገሩት ቋንቋ ኣማርኛ ከሆነ የትርጉም እርዳታ ድርጅቶች፣ በነጻ ሊያግዝዎት ተዘጋጀተዋል፡</p>",
    ),
    (
        "om",
        "<p><b>Afaan Oromoo:</b> XIYYEEFFANNAA: Afaan dubbattu Oroomiffa, tajaajila gargaarsa afaanii, "
        "kanfaltiidhaan ala, ni argama.</p>",
    ),
    (
        "ko",
        "<p><b>한국어:</b> 주의: 한국어를 사용하시는 경우, 언어 지원 서비스를 무료로 이용하실 수 "
        "있습니다.</p>",
    ),
    (
        "fr",
        "<p><b>Français :</b> ATTENTION : Si vous parlez français, des services d'aide linguistique vous "
        "sont proposés gratuitement.</p>",
    ),
)
