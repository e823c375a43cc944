//! The sign-off line under a form: `填表人：虞雅娴    填报日期：2024.10.08    联系电话：…   单位负责人签字：`.

use super::Area;
use super::labels::Labels;
use crate::grid::Address;
use crate::model::{SignOff, Sourced, Text};
use crate::template::Role;

/// Reads the sign-off fields from the form's rows (a row's cells read as one line, so a label and its value
/// may sit in one cell or in two) and from the paragraphs after its table.
pub(super) fn parse(area: &Area, lx: &Labels) -> SignOff {
    let mut sign_off = SignOff::default();
    for (sheet, row) in area.rows() {
        let text = |c: u32| sheet.cell(row, c).map_or("", |x| x.text.as_str());
        if !sheet.cells(row).any(|(c, _)| lx.sign_off.holds(text(c))) {
            continue;
        }
        let pieces: Vec<(String, Address)> =
            sheet.cells(row).map(|(c, _)| (text(c).to_string(), sheet.address(row, c))).collect();
        read_line(lx, &pieces, &mut sign_off);
    }
    for paragraph in &area.paragraphs {
        read_line(lx, &[(paragraph.text.clone(), paragraph.at.clone())], &mut sign_off);
    }
    sign_off
}

/// One line, possibly in several pieces (cells): each key's value runs to the next key or the end.
fn read_line(lx: &Labels, pieces: &[(String, Address)], sign_off: &mut SignOff) {
    // One string of the pieces, each byte tagged with the piece it came from, so a value knows its cell.
    let mut line = String::new();
    let mut owners = Vec::new();
    for (i, (text, _)) in pieces.iter().enumerate() {
        for ch in text.chars().map(|c| if c == '：' { ':' } else { c }) {
            line.push(ch);
            owners.resize(line.len(), i);
        }
        line.push(' ');
        owners.push(i);
    }
    let mut found: Vec<(usize, usize, Role)> = Vec::new(); // (start, end of key, key)
    let mut from = 0;
    while let Some((at, len, role)) = lx.sign_off.find_at(&line, from) {
        found.push((at, at + len, role));
        from = at + len;
    }
    for (n, &(start, key_end, role)) in found.iter().enumerate() {
        let value_end = found.get(n + 1).map_or(line.len(), |next| next.0);
        let raw = &line[key_end..value_end];
        let value = raw.trim().trim_start_matches(':').trim().to_string();
        // The value's own cell when it sits in one; the key's otherwise.
        let value_start = raw.find(|c: char| !c.is_whitespace() && c != ':').map_or(start, |i| key_end + i);
        let at = pieces[owners[value_start]].1.clone();
        let text: Text = Sourced::new(value.into(), at);
        let slot = match role {
            Role::SignFilledBy => &mut sign_off.filled_by,
            Role::SignDate => &mut sign_off.date,
            Role::SignPhone => &mut sign_off.phone,
            _ => &mut sign_off.head_signature,
        };
        if slot.as_ref().is_none_or(|t| t.value.is_empty()) {
            *slot = Some(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_seed_line() {
        let at = Address::paragraph("a.docx", 3);
        let mut sign_off = SignOff::default();
        let line = "填表人：虞雅娴    填报日期：2024.10.08    联系电话：18673070915   单位负责人签字：";
        read_line(Labels::builtin(), &[(line.to_string(), at)], &mut sign_off);
        assert_eq!(sign_off.filled_by.unwrap().value, "虞雅娴");
        assert_eq!(sign_off.date.unwrap().value, "2024.10.08");
        assert_eq!(sign_off.phone.unwrap().value, "18673070915");
        assert_eq!(sign_off.head_signature.unwrap().value, "");
    }

    #[test]
    fn reads_values_in_their_own_cells() {
        let a = |c| Address::paragraph("a.xlsx", c);
        let mut sign_off = SignOff::default();
        read_line(
            Labels::builtin(),
            &[("填表人：".into(), a(1)), ("张三".into(), a(2)), ("填报日期".into(), a(3))],
            &mut sign_off,
        );
        let filled_by = sign_off.filled_by.unwrap();
        assert_eq!((filled_by.value.as_str(), filled_by.at), ("张三", a(2)));
        assert_eq!(sign_off.date.unwrap().value, "");
    }
}
