//! roman: converts numbers to Roman numerals and back.
//!
//!     roman 1994 2024      -> MCMXCIV MMXXIV
//!     roman MCMXCIV        -> 1994

use std::env;
use std::process;

const NUMERALS: [(u32, &str); 13] = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
];

fn to_roman(mut n: u32) -> Option<String> {
    if n == 0 || n > 3999 {
        return None;
    }
    let mut out = String::new();
    for &(value, symbol) in NUMERALS.iter() {
        while n >= value {
            out.push_str(symbol);
            n -= value;
        }
    }
    Some(out)
}

fn from_roman(s: &str) -> Option<u32> {
    let mut rest = s;
    let mut total = 0;
    for &(value, symbol) in NUMERALS.iter() {
        while rest.starts_with(symbol) {
            total += value;
            rest = &rest[symbol.len()..];
        }
    }
    // only canonical spellings round-trip
    if rest.is_empty() && to_roman(total).as_deref() == Some(s) {
        Some(total)
    } else {
        None
    }
}

fn convert(arg: &str) -> Result<String, String> {
    match arg.parse::<u32>() {
        Ok(n) => to_roman(n).ok_or_else(|| format!("{} is out of range (1..3999)", n)),
        Err(_) => from_roman(&arg.to_uppercase())
            .map(|n| n.to_string())
            .ok_or_else(|| format!("{} is not a Roman numeral", arg)),
    }
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: roman NUMBER|NUMERAL...");
        process::exit(2);
    }
    let mut failed = false;
    for arg in &args {
        match convert(arg) {
            Ok(out) => println!("{} = {}", arg, out),
            Err(msg) => {
                eprintln!("roman: {}", msg);
                failed = true;
            }
        }
    }
    if failed {
        process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for n in 1..4000 {
            assert_eq!(from_roman(&to_roman(n).unwrap()), Some(n));
        }
    }
}
