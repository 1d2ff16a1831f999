//! SVG drawn by the portal turned into PNG, for the link previews other sites show (Open Graph
//! images must be raster). resvg renders with the DejaVu Sans fonts compiled into the binary, so
//! the images look the same on every machine and never depend on installed fonts.
//!
//! A PNG is a pure function of its SVG: the cache is keyed by a digest of the SVG, so it is right
//! in every process without invalidation, and a change in the data changes the SVG and the key.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use resvg::{tiny_skia, usvg};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

/// DejaVu Sans (Bitstream Vera licence, see fonts/LICENSE-DejaVu.txt): every Spanish letter.
const FONTS: [&[u8]; 2] = [
    include_bytes!("../fonts/DejaVuSans.ttf"),
    include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
];

/// The family the SVG of a preview names.
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// How many PNGs are kept: a preview per city and language, and the home page's, with room.
const CACHE_ENTRIES: usize = 512;

/// Parse options with the embedded fonts, built once.
static OPTIONS: LazyLock<usvg::Options<'static>> = LazyLock::new(|| {
    let mut options = usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        ..usvg::Options::default()
    };
    let fonts = options.fontdb_mut();
    for font in FONTS {
        fonts.load_font_data(font.to_vec());
    }
    options
});

/// Why an SVG could not become a PNG (a bug in the portal's own drawing, never user input).
#[derive(Debug, thiserror::Error)]
pub enum RasterError {
    #[error("the SVG does not parse: {0}")]
    Parse(#[from] usvg::Error),
    #[error("the image has no area")]
    Empty,
    #[error("PNG encoding failed: {0}")]
    Encode(String),
    #[error("the rendering task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// Renders an SVG document to PNG bytes at its own size.
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, RasterError> {
    let tree = usvg::Tree::from_str(svg, &OPTIONS)?;
    let size = tree.size().to_int_size();
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width(), size.height()).ok_or(RasterError::Empty)?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| RasterError::Encode(e.to_string()))
}

/// PNG bytes by the SHA-256 of the SVG they were rendered from.
type PngsByDigest = HashMap<[u8; 32], Arc<Vec<u8>>>;

/// Rendered PNGs by the digest of their SVG, and a bound on renders at once (each takes a core
/// for tens of milliseconds: a burst of cold previews must not starve the pages).
#[derive(Clone, Debug)]
pub struct PngCache {
    entries: Arc<Mutex<PngsByDigest>>,
    renders: Arc<Semaphore>,
}

impl Default for PngCache {
    fn default() -> Self {
        PngCache {
            entries: Arc::default(),
            renders: Arc::new(Semaphore::new(2)),
        }
    }
}

impl PngCache {
    /// The PNG of `svg`, from the cache or rendered on the blocking pool.
    pub async fn png(&self, svg: String) -> Result<Arc<Vec<u8>>, RasterError> {
        let key: [u8; 32] = Sha256::digest(svg.as_bytes()).into();
        if let Some(png) = self.cached(&key) {
            return Ok(png);
        }
        // The semaphore is never closed, so a permit always comes.
        let _permit = self.renders.acquire().await.ok();
        // Another request may have rendered it while this one waited.
        if let Some(png) = self.cached(&key) {
            return Ok(png);
        }
        let png = Arc::new(tokio::task::spawn_blocking(move || svg_to_png(&svg)).await??);
        if let Ok(mut entries) = self.entries.lock() {
            // Old entries belong to data that has changed since; starting afresh is simplest.
            if entries.len() >= CACHE_ENTRIES {
                entries.clear();
            }
            entries.insert(key, Arc::clone(&png));
        }
        Ok(png)
    }

    fn cached(&self, key: &[u8; 32]) -> Option<Arc<Vec<u8>>> {
        self.entries.lock().ok()?.get(key).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_drawn_with_the_embedded_fonts() {
        let blank = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="#fff"/></svg>"##;
        let text = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="#fff"/><text x="4" y="28" font-size="24" font-family="DejaVu Sans">Ñuñoa ä</text></svg>"##;
        let blank = svg_to_png(blank).unwrap();
        let text = svg_to_png(text).unwrap();
        assert!(text.starts_with(b"\x89PNG\r\n\x1a\n"));
        // Glyphs add detail, so the compressed image grows; without a font it would stay blank.
        assert!(
            text.len() > blank.len() + 200,
            "{} vs {}",
            text.len(),
            blank.len()
        );
    }

    #[test]
    fn a_broken_document_is_an_error_not_a_panic() {
        assert!(matches!(svg_to_png("<svg"), Err(RasterError::Parse(_))));
    }

    #[tokio::test]
    async fn the_same_svg_is_rendered_once() {
        let cache = PngCache::default();
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#;
        let first = cache.png(svg.to_string()).await.unwrap();
        let second = cache.png(svg.to_string()).await.unwrap();
        assert!(Arc::ptr_eq(&first, &second));
    }
}
