//! Long public lists a page at a time (`?page=N`): the page asked for, checked against how many
//! rows the filters keep (counted by the store), and the links to the other pages, which keep
//! the filters.

use crate::error::{AppError, AppResult};
use crate::i18n::FluentArg;
use crate::views::{PageCtx, PageLink, PageNav};

/// The page a request asks for: 1 when none is given; a 400 page for anything but a whole
/// number from 1.
pub(super) fn requested(raw: &Option<String>, ctx: &PageCtx) -> AppResult<usize> {
    match raw.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(1),
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|page| *page >= 1)
            .ok_or_else(|| AppError::BadRequest(ctx.t("error-bad-page"))),
    }
}

/// Where a page sits in a list of `total` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Window {
    pub page: usize,
    pub per_page: usize,
    pub total: usize,
}

impl Window {
    /// Page `page` of `total` rows, `per_page` a page; a 404 page naming the last page when it
    /// is past it (an empty list has one, empty, page).
    pub fn of(page: usize, per_page: usize, total: usize, ctx: &PageCtx) -> AppResult<Window> {
        let window = Window {
            page,
            per_page: per_page.max(1),
            total,
        };
        if page > window.pages() {
            return Err(AppError::NotFoundWithMessage(ctx.lang.t_with(
                "error-page-past-last",
                &[
                    ("page", FluentArg::from(page)),
                    ("pages", FluentArg::from(window.pages())),
                ],
            )));
        }
        Ok(window)
    }

    pub fn pages(&self) -> usize {
        self.total.div_ceil(self.per_page).max(1)
    }

    /// Rows before this page.
    pub fn offset(&self) -> usize {
        (self.page - 1) * self.per_page
    }

    /// The page's first and last row, counted from 1 (0 and 0 for an empty list).
    pub fn rows(&self) -> (usize, usize) {
        if self.total == 0 {
            return (0, 0);
        }
        let first = self.offset() + 1;
        (first, (first + self.per_page - 1).min(self.total))
    }

    /// The pages to link to: the first, the last, and two either side of this one; `None`
    /// marks a gap.
    fn numbers(&self) -> Vec<Option<usize>> {
        let pages = self.pages();
        let mut numbers = Vec::new();
        let mut last_shown = 0;
        for n in 1..=pages {
            let near = n.abs_diff(self.page) <= 2;
            if n == 1 || n == pages || near {
                if n > last_shown + 1 {
                    numbers.push(None);
                }
                numbers.push(Some(n));
                last_shown = n;
            }
        }
        numbers
    }
}

/// The page's navigation: "showing X–Y of Z" and links to the other pages of `path` (a page
/// path without the language prefix), keeping `kept` (the filters, blank ones left out).
pub(super) fn nav(ctx: &PageCtx, path: &str, kept: &[(&str, &str)], window: Window) -> PageNav {
    let href = |page: usize| {
        let mut pairs: Vec<(&str, String)> = kept
            .iter()
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|(name, value)| (*name, value.trim().to_string()))
            .collect();
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        if query.is_empty() {
            ctx.url(path)
        } else {
            format!("{}?{query}", ctx.url(path))
        }
    };
    let (first, last) = window.rows();
    let range = ctx.lang.t_with(
        "list-showing",
        &[
            ("first", FluentArg::from(ctx.number(first as i64))),
            ("last", FluentArg::from(ctx.number(last as i64))),
            ("total", FluentArg::from(ctx.number(window.total as i64))),
        ],
    );
    let pages = window.pages();
    PageNav {
        range,
        total: window.total,
        page: window.page,
        pages,
        previous: (window.page > 1).then(|| href(window.page - 1)),
        next: (window.page < pages).then(|| href(window.page + 1)),
        links: window
            .numbers()
            .into_iter()
            .map(|number| match number {
                Some(n) => PageLink {
                    number: Some(n),
                    href: href(n),
                    label: ctx
                        .lang
                        .t_with("pagination-page", &[("page", FluentArg::from(n))]),
                    current: n == window.page,
                },
                None => PageLink {
                    number: None,
                    href: String::new(),
                    label: String::new(),
                    current: false,
                },
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn ctx(lang: Lang) -> PageCtx {
        PageCtx {
            lang,
            page_path: "/cities".to_string(),
            query: None,
            base_url: "http://localhost".to_string(),
            site: None,
        }
    }

    #[test]
    fn the_page_asked_must_be_a_whole_number_from_one() {
        let es = ctx(Lang::Es);
        assert_eq!(requested(&None, &es).ok(), Some(1));
        assert_eq!(requested(&Some(" ".into()), &es).ok(), Some(1));
        assert_eq!(requested(&Some("3".into()), &es).ok(), Some(3));
        for bad in ["0", "-1", "dos", "1.5", "99999999999999999999999"] {
            assert!(
                matches!(
                    requested(&Some(bad.into()), &es),
                    Err(AppError::BadRequest(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_page_past_the_last_is_not_found_and_an_empty_list_has_one_page() {
        let en = ctx(Lang::En);
        assert!(Window::of(1, 50, 0, &en).is_ok());
        assert!(Window::of(2, 50, 0, &en).is_err());
        assert!(Window::of(3, 50, 101, &en).is_ok());
        match Window::of(4, 50, 101, &en) {
            Err(AppError::NotFoundWithMessage(message)) => assert!(message.contains('3')),
            other => panic!("{other:?}"),
        }
        let window = Window::of(3, 50, 101, &en).expect("page 3");
        assert_eq!((window.offset(), window.rows()), (100, (101, 101)));
    }

    #[test]
    fn links_keep_the_filters_and_skip_far_pages() {
        let en = ctx(Lang::En);
        let window = Window::of(7, 10, 200, &en).expect("page 7");
        let nav = nav(
            &en,
            "/cities",
            &[("department", "San Martín"), ("q", "")],
            window,
        );
        assert_eq!(
            nav.previous.as_deref(),
            Some("/en/cities?department=San+Mart%C3%ADn&page=6")
        );
        let numbers: Vec<Option<usize>> = nav.links.iter().map(|l| l.number).collect();
        assert_eq!(
            numbers,
            [
                Some(1),
                None,
                Some(5),
                Some(6),
                Some(7),
                Some(8),
                Some(9),
                None,
                Some(20)
            ]
        );
        assert_eq!(nav.links[0].href, "/en/cities?department=San+Mart%C3%ADn");
        assert!(nav.links[4].current);
        assert_eq!(nav.range, "Showing 61–70 of 200");
    }
}
