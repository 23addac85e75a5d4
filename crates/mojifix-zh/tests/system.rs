//! The `opencc` feature: the system libopencc backend (Debian ships 1.1.6).
//! Run with `cargo test -p mojifix-zh --features opencc` (needs libopencc-dev).
#![cfg(feature = "opencc")]

use mojifix_zh::system::SystemConverter;
use mojifix_zh::{ConfigName, Converter};

/// Configs the system library has (Debian's 1.1.6 lacks s2hkp and hk2sp,
/// which are new in OpenCC 1.4).
fn available() -> Vec<ConfigName> {
    ConfigName::ALL
        .into_iter()
        .filter(|name| match SystemConverter::new(*name) {
            Ok(_) => true,
            Err(e) => {
                println!("notice: {name} not available in the system OpenCC: {e}");
                false
            }
        })
        .collect()
}

#[test]
fn system_backend_loads_every_config() {
    let names = available();
    assert!(names.len() >= 14, "only {names:?}");
    for name in names {
        let sys = SystemConverter::new(name).unwrap();
        assert_eq!(sys.config(), name);
        // Plain ASCII passes through both backends.
        assert_eq!(sys.convert("plain text 123"), "plain text 123");
    }
    let s2t = SystemConverter::new(ConfigName::S2t).unwrap();
    assert_eq!(s2t.convert("头发干燥"), "頭髮乾燥");
    let t2s = SystemConverter::new(ConfigName::T2s).unwrap();
    assert_eq!(t2s.convert("漢字轉換"), "汉字转换");
}

#[test]
fn system_backend_agrees_on_plain_sentences() {
    let sentences = [
        "我们是中国人，这是一个测试。",
        "计算机科学与技术",
        "汉字转换很简单",
        "他的头发很干净",
    ];
    for name in [ConfigName::S2t, ConfigName::S2tw, ConfigName::S2hk] {
        let sys = SystemConverter::new(name).unwrap();
        for s in sentences {
            assert_eq!(
                sys.convert(s),
                Converter::get(name).convert(s),
                "{name} {s}"
            );
        }
    }
    let t2s = SystemConverter::new(ConfigName::T2s).unwrap();
    for s in sentences {
        let t = Converter::get(ConfigName::S2t).convert(s);
        assert_eq!(
            t2s.convert(&t),
            Converter::get(ConfigName::T2s).convert(&t),
            "t2s {t}"
        );
    }
}

#[test]
fn system_backend_report_on_opencc_testcases() {
    // The system library is usually older than the 1.4.2 data embedded here
    // (and OpenCC's test cases target exactly what changed since), so this
    // only reports the agreement.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/opencc/testcases/testcases.strict.json"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let names = available();
    let (mut same, mut total) = (0, 0);
    for case in json["cases"].as_array().unwrap() {
        let input = case["input"].as_str().unwrap();
        for (cfg, _) in case["expected"].as_object().unwrap() {
            let name: ConfigName = cfg.parse().unwrap();
            if !names.contains(&name) {
                continue;
            }
            let sys = SystemConverter::new(name).unwrap();
            total += 1;
            if sys.convert(input) == Converter::get(name).convert(input) {
                same += 1;
            }
        }
    }
    println!("system libopencc agrees with mojifix-zh (OpenCC 1.4.2) on {same}/{total} test cases");
    assert!(total > 0);
}
