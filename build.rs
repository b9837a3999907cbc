//! With the `split` feature, link the wasm with `--emit-relocs`: wasm-split-cli (scripts/split.sh)
//! needs the linker's relocations to cut it into parts. Only that build gets them: wasm-bindgen
//! and wasm-opt keep relocation sections, which would double an unsplit build's download.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let split = std::env::var_os("CARGO_FEATURE_SPLIT").is_some();
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if split && wasm {
        println!("cargo:rustc-link-arg=--emit-relocs");
    }
}
