//! The data-derived figures and the hard-coded pipelines agree with the files
//! in `data/opencc/`.

use mojifix_zh::{internals, ConfigName, Converter};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/opencc")
}

/// Longest key in chars, by a direct scan of the file (independent of the library's parser).
fn scan_max_key(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').next().unwrap().chars().count())
        .max()
        .unwrap()
}

/// `file.ocd2` -> path of the text dictionary.
fn dict_path(ocd2: &str) -> PathBuf {
    let stem = ocd2.strip_suffix(".ocd2").unwrap();
    let d = data_dir().join("dictionary").join(format!("{stem}.txt"));
    if d.exists() {
        d
    } else {
        data_dir().join("generated").join(format!("{stem}.txt"))
    }
}

/// Renders a dict node of a config JSON the way `internals::pipeline` does.
fn describe(v: &serde_json::Value, files: &mut Vec<String>) -> String {
    match v["type"].as_str().unwrap() {
        "group" => {
            let sep = match v["match_policy"].as_str().unwrap_or("short_circuit") {
                "union" => " + ",
                "short_circuit" => " > ",
                other => panic!("unknown policy {other}"),
            };
            let parts: Vec<String> = v["dicts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| describe(d, files))
                .collect();
            format!("[{}]", parts.join(sep))
        }
        "ocd2" => {
            let f = v["file"].as_str().unwrap();
            files.push(f.to_string());
            f.strip_suffix(".ocd2").unwrap().to_string()
        }
        other => panic!("unknown dict type {other}"),
    }
}

fn config_json(name: ConfigName) -> serde_json::Value {
    let p = data_dir().join("config").join(format!("{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn max_key_chars_matches_direct_scan() {
    let mut per_file = BTreeMap::new();
    for (path, n) in internals::dictionary_max_key_chars() {
        let direct = scan_max_key(&data_dir().join(path));
        assert_eq!(n, direct, "{path}");
        per_file.insert(path, n);
    }
    let mut overall = 0;
    for name in ConfigName::ALL {
        let json = config_json(name);
        let mut files = Vec::new();
        for n in json["normalization"].as_array().unwrap() {
            describe(&n["dict"], &mut files);
        }
        if let Some(seg) = json.get("segmentation") {
            describe(&seg["dict"], &mut files);
        }
        for c in json["conversion_chain"].as_array().unwrap() {
            describe(&c["dict"], &mut files);
        }
        let expected = files
            .iter()
            .map(|f| scan_max_key(&dict_path(f)))
            .max()
            .unwrap();
        let conv = Converter::get(name);
        assert_eq!(conv.max_key_chars(), expected, "{name}");
        assert!(conv.max_lookahead_chars() >= expected - 1, "{name}");
        overall = overall.max(expected);
        println!(
            "{name}: max_key_chars {expected}, max_lookahead_chars {}",
            conv.max_lookahead_chars()
        );
    }
    // The data's longest key (TWPhrases / HKPhrases / generated ST phrases).
    assert_eq!(overall, 15);
}

#[test]
fn pipelines_match_config_json() {
    for name in ConfigName::ALL {
        let json = config_json(name);
        let (norm, seg, chain) = internals::pipeline(name);
        let mut files = Vec::new();
        let norms = json["normalization"].as_array().unwrap();
        assert_eq!(norms.len(), 1, "{name}");
        assert_eq!(
            describe(&norms[0]["dict"], &mut files),
            norm,
            "{name} normalization"
        );
        let want_seg = json.get("segmentation").map(|s| {
            assert_eq!(s["type"], "mmseg");
            describe(&s["dict"], &mut files)
        });
        assert_eq!(want_seg, seg, "{name} segmentation");
        let want_chain: Vec<String> = json["conversion_chain"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| describe(&c["dict"], &mut files))
            .collect();
        assert_eq!(want_chain, chain, "{name} chain");
        // No other keys we would ignore.
        for key in json.as_object().unwrap().keys() {
            assert!(
                ["name", "normalization", "segmentation", "conversion_chain"]
                    .contains(&key.as_str()),
                "{name}: unexpected key {key}"
            );
        }
    }
}

#[test]
fn config_names_round_trip() {
    for name in ConfigName::ALL {
        assert_eq!(name.to_string().parse::<ConfigName>().unwrap(), name);
        assert_eq!(
            format!("{}.json", name).parse::<ConfigName>().unwrap(),
            name
        );
        assert_eq!(
            name.as_str().to_uppercase().parse::<ConfigName>().unwrap(),
            name
        );
        assert_eq!(Converter::get(name).config(), name);
    }
    assert!("".parse::<ConfigName>().is_err());
    assert!(".json".parse::<ConfigName>().is_err());
}

#[test]
fn converter_is_send_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Converter>();
    assert_send_sync::<mojifix_zh::StreamConverter<'static>>();
}

#[cfg(feature = "serde")]
#[test]
fn serde_uses_the_lowercase_name() {
    assert_eq!(
        serde_json::to_string(&ConfigName::S2twp).unwrap(),
        "\"s2twp\""
    );
    let all: Vec<ConfigName> =
        serde_json::from_str(&serde_json::to_string(&ConfigName::ALL).unwrap()).unwrap();
    assert_eq!(all, ConfigName::ALL);
    assert_eq!(
        serde_json::from_str::<ConfigName>("\"T2S.json\"").unwrap(),
        ConfigName::T2s
    );
    assert!(serde_json::from_str::<ConfigName>("\"x2y\"").is_err());
}
