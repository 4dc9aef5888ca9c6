/// The labels of the WHATWG Encoding Standard (encoding.spec.whatwg.org, "Names and labels"),
/// and the further labels feeds use that the standard does not list.
///
/// ``TextEncoding/init(label:)`` reads these; nothing else maps a label to an encoding.
enum WHATWGEncodingLabels {
    /// Every encoding of the standard by its name (lower-cased), with its labels. A label is
    /// matched after removing leading and trailing ASCII white space and ASCII lower-casing.
    /// The `replacement` encoding's name is not one of its labels.
    static let encodings: [(name: String, labels: [String])] = [
        // The encoding
        ("utf-8", ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"]),
        // Legacy single-byte encodings
        ("ibm866", ["866", "cp866", "csibm866", "ibm866"]),
        (
            "iso-8859-2",
            [
                "csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2", "iso_8859-2:1987",
                "l2", "latin2",
            ]
        ),
        (
            "iso-8859-3",
            [
                "csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3", "iso_8859-3:1988",
                "l3", "latin3",
            ]
        ),
        (
            "iso-8859-4",
            [
                "csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4", "iso_8859-4:1988",
                "l4", "latin4",
            ]
        ),
        (
            "iso-8859-5",
            [
                "csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5", "iso88595", "iso_8859-5",
                "iso_8859-5:1988",
            ]
        ),
        (
            "iso-8859-6",
            [
                "arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114", "iso-8859-6",
                "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596", "iso_8859-6", "iso_8859-6:1987",
            ]
        ),
        (
            "iso-8859-7",
            [
                "csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7", "iso-ir-126", "iso8859-7",
                "iso88597", "iso_8859-7", "iso_8859-7:1987", "sun_eu_greek",
            ]
        ),
        (
            "iso-8859-8",
            [
                "csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e", "iso-ir-138", "iso8859-8",
                "iso88598", "iso_8859-8", "iso_8859-8:1988", "visual",
            ]
        ),
        ("iso-8859-8-i", ["csiso88598i", "iso-8859-8-i", "logical"]),
        ("iso-8859-10", ["csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6"]),
        ("iso-8859-13", ["iso-8859-13", "iso8859-13", "iso885913"]),
        ("iso-8859-14", ["iso-8859-14", "iso8859-14", "iso885914"]),
        ("iso-8859-15", ["csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9"]),
        ("iso-8859-16", ["iso-8859-16"]),
        ("koi8-r", ["cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"]),
        ("koi8-u", ["koi8-ru", "koi8-u"]),
        ("macintosh", ["csmacintosh", "mac", "macintosh", "x-mac-roman"]),
        ("windows-874", ["dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"]),
        ("windows-1250", ["cp1250", "windows-1250", "x-cp1250"]),
        ("windows-1251", ["cp1251", "windows-1251", "x-cp1251"]),
        (
            "windows-1252",
            [
                "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
                "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252",
                "x-cp1252",
            ]
        ),
        ("windows-1253", ["cp1253", "windows-1253", "x-cp1253"]),
        (
            "windows-1254",
            [
                "cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9",
                "iso_8859-9:1989", "l5", "latin5", "windows-1254", "x-cp1254",
            ]
        ),
        ("windows-1255", ["cp1255", "windows-1255", "x-cp1255"]),
        ("windows-1256", ["cp1256", "windows-1256", "x-cp1256"]),
        ("windows-1257", ["cp1257", "windows-1257", "x-cp1257"]),
        ("windows-1258", ["cp1258", "windows-1258", "x-cp1258"]),
        ("x-mac-cyrillic", ["x-mac-cyrillic", "x-mac-ukrainian"]),
        // Legacy multi-byte Chinese (simplified) encodings
        (
            "gbk",
            ["chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk", "iso-ir-58", "x-gbk"]
        ),
        ("gb18030", ["gb18030"]),
        // Legacy multi-byte Chinese (traditional) encodings
        ("big5", ["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"]),
        // Legacy multi-byte Japanese encodings
        ("euc-jp", ["cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"]),
        ("iso-2022-jp", ["csiso2022jp", "iso-2022-jp"]),
        ("shift_jis", ["csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j", "x-sjis"]),
        // Legacy multi-byte Korean encodings
        (
            "euc-kr",
            [
                "cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987", "ks_c_5601-1989",
                "ksc5601", "ksc_5601", "windows-949",
            ]
        ),
        // Legacy miscellaneous encodings
        ("replacement", ["csiso2022kr", "hz-gb-2312", "iso-2022-cn", "iso-2022-cn-ext", "iso-2022-kr"]),
        ("utf-16be", ["unicodefffe", "utf-16be"]),
        ("utf-16le", ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"]),
        ("x-user-defined", ["x-user-defined"]),
    ]

    /// Label → encoding name, built once from ``encodings``.
    static let byLabel: [String: String] = {
        var table: [String: String] = [:]
        for (name, labels) in encodings {
            for label in labels { table[label] = name }
        }
        return table
    }()

    /// How `iconv` (glibc) spells each standard encoding that is not decoded natively; where
    /// the standard's encoding is a superset of the like-named one, the superset: its `gbk`
    /// decoder is the gb18030 decoder, its `big5` is Big5-HKSCS, its `shift_jis` is Windows-31J
    /// (0x5C is a backslash, not a yen sign), its `euc-kr` is Windows-949 (UHC).
    static let iconvNames: [String: String] = [
        "ibm866": "CP866", "iso-8859-8-i": "ISO-8859-8", "koi8-u": "KOI8-U", "macintosh": "MACINTOSH",
        "windows-874": "CP874", "x-mac-cyrillic": "MAC-CYRILLIC", "gbk": "GB18030", "gb18030": "GB18030",
        "big5": "BIG5-HKSCS", "euc-jp": "EUC-JP", "iso-2022-jp": "ISO-2022-JP", "shift_jis": "CP932",
        "euc-kr": "CP949",
    ]

    /// Labels beyond the standard, as feeds write them (from Python's codec aliases and real
    /// feeds), after lower-casing and reading `_` as `-`: each maps to a standard encoding's name
    /// or to a name `iconv` knows. Browsers ignore such labels; a feed reader reads them.
    static let beyondStandard: [String: String] = [
        "u8": "utf-8", "utf": "utf-8", "cp65001": "utf-8", "utf8-ucs2": "utf-8", "utf8-ucs4": "utf-8",
        "utf16": "utf-16le", "u16": "utf-16le", "utf32": "utf-32", "u32": "utf-32", "u7": "utf-7", "utf7": "utf-7",
        "utf-16-be": "utf-16be", "utf-16-le": "utf-16le", "utf-32-be": "utf-32be", "utf-32-le": "utf-32le",
        "unicodebigunmarked": "utf-16be", "unicodelittleunmarked": "utf-16le", "unicode-1-1-utf-7": "utf-7",
        "646": "windows-1252", "ansi-x3.4-1968": "windows-1252", "ansi-x3.4-1986": "windows-1252",
        "ansi-x3-4-1968": "windows-1252", "iso-646.irv-1991": "windows-1252",
        "latin-1": "windows-1252", "latin": "windows-1252", "iso-8859-1-1987": "windows-1252",
        "8859": "windows-1252", "iso8859": "windows-1252",
        "latin9": "iso-8859-15", "latin-9": "iso-8859-15",
        "s-jis": "shift_jis", "shiftjis": "shift_jis", "ms-kanji": "shift_jis", "mskanji": "shift_jis",
        "932": "shift_jis", "shift-jis-2004": "shift_jisx0213", "shiftjis2004": "shift_jisx0213",
        "sjis-2004": "shift_jisx0213", "s-jis-2004": "shift_jisx0213", "sjisx0213": "shift_jisx0213",
        "s-jisx0213": "shift_jisx0213", "euc-jis-2004": "euc-jisx0213", "euc-jis2004": "euc-jisx0213",
        "eucjis2004": "euc-jisx0213", "eucjisx0213": "euc-jisx0213", "jisx0213": "euc-jisx0213",
        "u-jis": "euc-jp", "gb-2312-80": "gbk", "gb2312-80": "gbk", "gb2312-1980": "gbk", "eucgb2312-cn": "gbk",
        "936": "gbk", "gb18030-2000": "gb18030", "big5-tw": "big5", "950": "cp950", "ms950": "cp950",
        "hkscs": "big5", "ks-c-5601": "euc-kr", "ks-x-1001": "euc-kr", "ksx1001": "euc-kr", "949": "euc-kr",
        "ms949": "euc-kr", "ms1361": "johab",
        "iso2022-jp": "iso-2022-jp", "iso2022-jp-1": "iso-2022-jp", "iso2022jp-1": "iso-2022-jp",
        "iso-2022-jp-1": "iso-2022-jp", "iso2022-jp-2": "iso-2022-jp-2", "iso2022jp-2": "iso-2022-jp-2",
        "iso2022-jp-3": "iso-2022-jp-3", "iso2022jp-3": "iso-2022-jp-3", "iso2022-jp-2004": "iso-2022-jp-3",
        "iso2022jp-2004": "iso-2022-jp-3", "iso-2022-jp-2004": "iso-2022-jp-3", "iso2022-jp-ext": "iso-2022-jp",
        "iso2022jp-ext": "iso-2022-jp", "iso-2022-jp-ext": "iso-2022-jp",
        "thai": "windows-874", "tis-620-0": "windows-874", "tis-620-2529-0": "windows-874",
        "tis-620-2529-1": "windows-874",
        "ptcp154": "pt154", "csptcp154": "pt154", "cp154": "pt154", "cyrillic-asian": "pt154",
        "macroman": "macintosh", "mac-roman": "macintosh", "maccentraleurope": "mac-centraleurope",
        "mac-centeuro": "mac-centraleurope", "mac-latin2": "mac-centraleurope", "maclatin2": "mac-centraleurope",
        "maciceland": "mac-is", "mac-iceland": "mac-is", "macgreek": "mac-greek", "maccyrillic": "x-mac-cyrillic",
        "mac-cyrillic": "x-mac-cyrillic", "cp-is": "cp861",
        "ibm039": "cp037", "cspc775baltic": "cp775", "cspc8codepage437": "cp437", "cspcp852": "cp852",
        "ebcdic-cp-ca": "cp037", "ebcdic-cp-nl": "cp037", "ebcdic-cp-us": "cp037", "ebcdic-cp-wt": "cp037",
        "ebcdic-cp-be": "cp500", "ebcdic-cp-ch": "cp500", "ebcdic-cp-he": "cp424",
    ]
}
