//! A `WHERE` clause built from the filters a request sets, with its bound values: only the
//! conditions in use reach the database, so its planner can pick the index of each (a
//! `($1 IS NULL OR column = $1)` for every filter would hide them all).

use sqlx::Arguments;
use sqlx::any::AnyArguments;

/// One bound value.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Arg {
    Int(i64),
    Text(String),
}

/// Conditions joined by `AND`, and the values their placeholders take, in order.
#[derive(Debug, Clone, Default)]
pub(super) struct Conditions {
    clauses: Vec<String>,
    args: Vec<Arg>,
}

impl Conditions {
    pub(super) fn new() -> Conditions {
        Conditions::default()
    }

    /// Binds `arg` and returns its placeholder (`$3`) for a clause to use.
    pub(super) fn param(&mut self, arg: Arg) -> String {
        self.args.push(arg);
        format!("${}", self.args.len())
    }

    /// Adds `column = value`, the value as a parameter.
    pub(super) fn and_equals(&mut self, column: &str, value: Arg) {
        let value = self.param(value);
        self.and(format!("{column} = {value}"));
    }

    /// Adds a condition (its placeholders made by `param`).
    pub(super) fn and(&mut self, clause: impl Into<String>) {
        self.clauses.push(clause.into());
    }

    /// `WHERE a AND b`, or nothing without conditions.
    pub(super) fn where_sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// The conditions only, `1 = 1` without any (for a query that adds its own `WHERE`).
    pub(super) fn and_sql(&self) -> String {
        if self.clauses.is_empty() {
            "1 = 1".to_string()
        } else {
            self.clauses.join(" AND ")
        }
    }

    /// The bound values, for `sqlx::query_as_with` and friends.
    pub(super) fn arguments(&self) -> AnyArguments<'static> {
        let mut arguments = AnyArguments::default();
        for arg in &self.args {
            // Adding an integer or a text to `Any` arguments cannot fail (only encoding a
            // value of a type the driver does not know can).
            let _ = match arg {
                Arg::Int(n) => arguments.add(*n),
                Arg::Text(text) => arguments.add(text.clone()),
            };
        }
        arguments
    }

    /// `$a, $b, …` binding each id, for `IN (…)`.
    pub(super) fn id_list(&mut self, ids: &[i64]) -> String {
        ids.iter()
            .map(|id| self.param(Arg::Int(*id)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_values_bound() {
        let mut conditions = Conditions::new();
        assert_eq!(conditions.where_sql(), "");
        assert_eq!(conditions.and_sql(), "1 = 1");
        let department = conditions.param(Arg::Text("Lima".into()));
        conditions.and(format!("m.department = {department}"));
        let ids = conditions.id_list(&[4, 5]);
        conditions.and(format!("m.id IN ({ids})"));
        assert_eq!(
            conditions.where_sql(),
            "WHERE m.department = $1 AND m.id IN ($2, $3)"
        );
        assert_eq!(conditions.args.len(), 3);
    }
}
