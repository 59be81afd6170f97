//! The language congkhai speaks to the person running it: Vietnamese or English. Set
//! once per run (by the command line, before any message is made), read wherever a
//! message is worded. Codes never change with it.

use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi = 0,
    En = 1,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// `vi`, `en`, and the forms locales take: `vi_VN.UTF-8`, `en-US`, `EN`. `C`,
    /// `POSIX` and any other language are `None`.
    pub fn parse(text: &str) -> Option<Lang> {
        let lower = text.trim().to_ascii_lowercase();
        let base = lower.split(['_', '-', '.', '@']).next().unwrap_or_default();
        match base {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first that names a language: `--lang`, `CONGKHAI_LANG`, the site's first
    /// language, `LANG` (then `LC_ALL`, `LC_MESSAGES`, as the C library reads them:
    /// `LC_ALL` wins). With none, Vietnamese: the editors congkhai is for write it.
    pub fn choose(
        flag: Option<Lang>,
        congkhai_lang: Option<&str>,
        site_first: Option<&str>,
        locale: Option<&str>,
    ) -> Lang {
        flag.or_else(|| congkhai_lang.and_then(Lang::parse))
            .or_else(|| site_first.and_then(Lang::parse))
            .or_else(|| locale.and_then(Lang::parse))
            .unwrap_or(Lang::Vi)
    }

    /// The locale the C library would use for messages: `LC_ALL`, `LC_MESSAGES`, `LANG`.
    pub fn locale_from_env() -> Option<String> {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
    }
}

/// English until the command line says otherwise, so the library's own tests read the
/// messages they were written against.
static CURRENT: AtomicU8 = AtomicU8::new(Lang::En as u8);

pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        0 => Lang::Vi,
        _ => Lang::En,
    }
}

pub fn set_current(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_name_their_language() {
        assert_eq!(Lang::parse("vi_VN.UTF-8"), Some(Lang::Vi));
        assert_eq!(Lang::parse("en-US"), Some(Lang::En));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("C.UTF-8"), None);
        assert_eq!(Lang::parse("fr_FR"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn the_flag_then_the_variable_then_the_site_then_the_locale() {
        let c = Lang::choose;
        assert_eq!(
            c(Some(Lang::En), Some("vi"), Some("vi"), Some("vi")),
            Lang::En
        );
        assert_eq!(c(None, Some("en"), Some("vi"), Some("vi")), Lang::En);
        assert_eq!(c(None, Some("xx"), Some("en"), Some("vi")), Lang::En);
        assert_eq!(c(None, None, Some("en"), Some("vi_VN")), Lang::En);
        assert_eq!(c(None, None, Some("fr"), Some("en_GB.UTF-8")), Lang::En);
        assert_eq!(c(None, None, None, Some("C")), Lang::Vi);
        assert_eq!(c(None, None, None, None), Lang::Vi);
    }
}
