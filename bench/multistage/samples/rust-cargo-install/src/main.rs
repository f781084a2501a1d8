//! wordfreq: counts words in the files given (or in the bundled sample text) and prints the
//! most frequent ones.

use std::collections::HashMap;
use std::env;
use std::fs;
use std::io;

const SAMPLE: &str = include_str!("sample.txt");

fn count(text: &str) -> Vec<(String, usize)> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
    {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    let mut pairs: Vec<(String, usize)> = counts.into_iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    pairs
}

fn main() -> io::Result<()> {
    let files: Vec<String> = env::args().skip(1).collect();
    let text = if !files.is_empty() {
        let mut all = String::new();
        for f in &files {
            all.push_str(&fs::read_to_string(f)?);
            all.push('\n');
        }
        all
    } else {
        SAMPLE.to_string()
    };
    let pairs = count(&text);
    let total: usize = pairs.iter().map(|p| p.1).sum();
    println!("{} words, {} distinct", total, pairs.len());
    for (word, n) in pairs.iter().take(5) {
        println!("{:>4}  {}", n, word);
    }
    Ok(())
}
