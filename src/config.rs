//! The embed configuration: `zicha-config.json` beside `index.html`, written by a finance bureau's web staff.
//! It names the bureau, its logo, the profiles offered and the default, the language and a compact layout.
//! Nothing in it can name a place to send anything: every path must be relative to the app's own folder.

use serde::Deserialize;

use crate::i18n::{Lang, zh_only};

/// The file the app looks for beside `index.html`.
pub const CONFIG_URL: &str = "./zicha-config.json";

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbedConfig {
    /// Shown in the header (`某市财政局`).
    pub bureau_name: Option<String>,
    /// An image beside the app (`logo.png`).
    pub logo: Option<String>,
    /// A built-in profile id (`hunan`, `central`) or a profile file beside the app (`profiles/我局.json`).
    pub default_profile: Option<String>,
    /// The profiles a user may choose from; absent: every built-in one.
    pub profiles: Option<Vec<String>>,
    /// The bureau's own template families, files beside the app (`templates/我局.json`, docs/templates.md).
    pub templates: Option<Vec<String>>,
    /// Whether users may open a profile file of their own (default: yes).
    pub allow_profile_file: Option<bool>,
    /// `zh` (default) or `en`.
    pub language: Option<String>,
    /// One column and a slim header, for narrow iframes.
    pub compact: Option<bool>,
}

impl EmbedConfig {
    /// Parses and checks a configuration; the message says what to fix.
    pub fn parse(text: &str) -> Result<EmbedConfig, String> {
        let config: EmbedConfig =
            serde_json::from_str(text).map_err(|e| zh_only::config_invalid(e.line(), &e.to_string()))?;
        for path in config.logo.iter().chain(config.profile_paths()).chain(config.templates.iter().flatten()) {
            local_path(path)?;
        }
        if let Some(language) = &config.language
            && !matches!(language.as_str(), "zh" | "en")
        {
            return Err(zh_only::config_language(language));
        }
        if let (Some(default), Some(allowed)) = (&config.default_profile, &config.profiles)
            && !allowed.contains(default)
        {
            return Err(zh_only::config_default_profile(default));
        }
        Ok(config)
    }

    /// Profile entries that are files (not built-in ids).
    pub fn profile_paths(&self) -> impl Iterator<Item = &String> {
        self.default_profile.iter().chain(self.profiles.iter().flatten()).filter(|p| is_profile_file(p))
    }

    pub fn lang(&self) -> Lang {
        if self.language.as_deref() == Some("en") { Lang::En } else { Lang::Zh }
    }

    /// Whether a built-in profile id may be offered.
    pub fn offers(&self, id: &str) -> bool {
        self.profiles.as_ref().is_none_or(|allowed| allowed.iter().any(|a| a == id))
    }
}

/// `hunan` is a built-in id (lowercase letters, digits, `-`, `_`); anything else is a file beside the app.
pub fn is_profile_file(entry: &str) -> bool {
    !entry.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_') || entry.is_empty()
}

/// A path inside the app's folder: no scheme, no host, no absolute path, no way up.
pub fn local_path(path: &str) -> Result<(), String> {
    let bad = path.is_empty()
        || path.contains(':')
        || path.starts_with('/')
        || path.starts_with('\\')
        || path.split(['/', '\\']).any(|part| part == "..");
    if bad { Err(zh_only::config_relative_path(path)) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bureau_config() {
        let config = EmbedConfig::parse(
            r#"{"bureau_name": "某市财政局", "logo": "logo.png", "default_profile": "central",
                "profiles": ["central", "profiles/我局.json"], "language": "zh", "compact": true}"#,
        )
        .unwrap();
        assert_eq!(config.bureau_name.as_deref(), Some("某市财政局"));
        assert!(config.offers("central") && !config.offers("hunan"));
        assert_eq!(config.profile_paths().collect::<Vec<_>>(), ["profiles/我局.json"]);
        assert_eq!(EmbedConfig::parse("{}").unwrap(), EmbedConfig::default());
    }

    #[test]
    fn nothing_can_point_elsewhere() {
        for path in [
            "https://evil.example/x.json",
            "//evil.example/x.json",
            "/etc/passwd",
            "../x.json",
            "data:x",
            "a/../../b.json",
        ] {
            let text = format!(r#"{{"profiles": ["{path}"]}}"#);
            assert!(EmbedConfig::parse(&text).is_err(), "{path}");
        }
        assert!(EmbedConfig::parse(r#"{"logo": "http://x/logo.png"}"#).is_err());
        assert!(EmbedConfig::parse(r#"{"upload_url": "x"}"#).unwrap_err().contains("upload_url"));
        assert!(EmbedConfig::parse(r#"{"default_profile": "hunan", "profiles": ["central"]}"#).is_err());
        assert!(EmbedConfig::parse(r#"{"language": "fr"}"#).is_err());
    }
}
