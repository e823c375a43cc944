//! Every fixture built from the seed (`fixtures/*.expect.json`, written by `scripts/fixtures.sh`) is read and
//! recognised, and every number and label its manifest lists must land in its field at its address.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;
use zicha_core::InputFile;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn manifests() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".expect.json"))
        .collect();
    found.sort();
    found
}

/// Follows `department.indicators.3.weight` through the JSON of the model.
fn lookup<'v>(root: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(root, |node, key| match key.parse::<usize>() {
        Ok(i) => node.get(i),
        Err(_) => node.get(key),
    })
}

fn decimal(text: &str) -> Option<Decimal> {
    Decimal::from_str(text).ok().map(|d| d.normalize())
}

/// Checks one fixture; returns the mismatches as readable lines.
fn check(manifest_path: &Path) -> (usize, Vec<String>) {
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(manifest_path).unwrap()).unwrap();
    let files: Vec<InputFile> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let name = f.as_str().unwrap();
            let bytes = std::fs::read(fixtures_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            InputFile::new(name, bytes)
        })
        .collect();
    let filing = zicha_core::inspect(&files).unwrap_or_else(|e| panic!("{}: {e}", manifest_path.display()));
    let model = serde_json::to_value(&filing).unwrap();
    let mut problems = Vec::new();
    for form in manifest["forms"].as_array().unwrap() {
        let form = form.as_str().unwrap();
        let present = match &model[form] {
            Value::Array(items) => !items.is_empty(),
            Value::Null => false,
            _ => true,
        };
        if !present {
            problems.push(format!("form {form} not found"));
        }
    }
    if let Some(n) = manifest["values"].as_array().map(|v| v.len()).filter(|_| model["projects"].is_array()) {
        let projects_expected = manifest["values"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v["path"].as_str()?.strip_prefix("projects.")?.split('.').next()?.parse::<usize>().ok())
            .max()
            .map_or(0, |m| m + 1);
        let found = model["projects"].as_array().unwrap().len();
        if found != projects_expected {
            problems.push(format!("{found} project tables recognised, {projects_expected} expected ({n} values)"));
        }
    }
    let values = manifest["values"].as_array().unwrap();
    for expected in values {
        let path = expected["path"].as_str().unwrap();
        let want_at = expected["at"].as_str().unwrap();
        let want = expected["expect"].as_str().unwrap();
        let kind = expected["kind"].as_str().unwrap();
        let Some(node) = lookup(&model, path).filter(|n| !n.is_null()) else {
            problems.push(format!("{path}: missing (want {want:?} at {want_at})"));
            continue;
        };
        let at = node["at"].as_str().unwrap_or_default();
        let got = match kind {
            "number" => node["value"]["value"].as_str().and_then(decimal).map(|d| d.to_string()),
            "rate" => node["value"]["percent"].as_str().and_then(decimal).map(|d| d.to_string()),
            // The model keeps the text as written, edge spaces and all; the manifest lists it trimmed.
            _ => node["value"].as_str().map(|s| s.trim().to_string()),
        };
        let want_value = match kind {
            "number" | "rate" => decimal(want).map(|d| d.to_string()),
            _ => Some(want.to_string()),
        };
        if got != want_value || at != want_at {
            problems.push(format!("{path}: got {got:?} at {at}, want {want_value:?} at {want_at}"));
        }
    }
    (values.len(), problems)
}

#[test]
fn every_seed_value_lands_in_its_field_at_its_address() {
    let manifests = manifests();
    assert!(manifests.len() >= 10, "fixture manifests missing: run scripts/fixtures.sh");
    let mut failures = Vec::new();
    for manifest in &manifests {
        let (count, problems) = check(manifest);
        let name = manifest.file_name().unwrap().to_string_lossy();
        assert!(count > 300, "{name}: only {count} values listed");
        if !problems.is_empty() {
            failures.push(format!("{name}: {} of {count} wrong\n  {}", problems.len(), problems.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_format_is_covered() {
    let names: Vec<String> = manifests()
        .iter()
        .flat_map(|m| {
            let manifest: Value = serde_json::from_str(&std::fs::read_to_string(m).unwrap()).unwrap();
            manifest["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()).collect::<Vec<_>>()
        })
        .collect();
    for ext in ["xlsx", "xlsm", "xls", "ods", "docx"] {
        assert!(names.iter().any(|n| n.ends_with(&format!(".{ext}"))), "no fixture in .{ext}");
    }
}
