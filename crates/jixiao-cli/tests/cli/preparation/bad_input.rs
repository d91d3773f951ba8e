//! Bad files given to the preparation commands: each error names the file, the line of the
//! file and the column (or the JSON path), and the database is left as it was.

use super::{
    CODE, DRAFT, complete_targets, failure, jixiao, justification, project_workspace, snapshot,
    success, write,
};

/// A CSV file that must be refused, and where its error must point.
struct BadCsv {
    what: &'static str,
    /// `stage` for `stage set`, `draft` for `budget draft`.
    command: &'static str,
    contents: &'static str,
    line: usize,
    field: &'static str,
}

const STAGE_HEADER: &str = "line,name,category,amount\n";

const BAD_CSV: &[BadCsv] = &[
    BadCsv {
        what: "an amount that is not a number",
        command: "stage",
        contents: "line,name,category,amount\n\
                   L01,路基,building_works,100\n\
                   L02,桥梁,building_works,十万\n",
        line: 3,
        field: "amount",
    },
    BadCsv {
        what: "an amount finer than a fen",
        command: "draft",
        contents: "line,name,category,amount,profile\nL01,路基,building_works,1.005,linear\n",
        line: 2,
        field: "amount",
    },
    BadCsv {
        what: "an unknown category",
        command: "stage",
        contents: "line,name,category,amount\nL01,路基,roads,100\n",
        line: 2,
        field: "category",
    },
    BadCsv {
        what: "a missing column",
        command: "stage",
        contents: "line,name,amount\nL01,路基,100\n",
        line: 1,
        field: "category",
    },
    BadCsv {
        what: "a line code given twice",
        command: "draft",
        contents: "line,name,category,amount,profile\n\
                   L01,路基,building_works,100,linear\n\
                   \n\
                   L01,桥梁,building_works,200,linear\n",
        line: 4,
        field: "line",
    },
    BadCsv {
        what: "a profile that needs months typed by hand",
        command: "draft",
        contents: "line,name,category,amount,profile\nL01,路基,building_works,100,manual\n",
        line: 2,
        field: "profile",
    },
    BadCsv {
        what: "a record shorter than the header",
        command: "stage",
        contents: "line,name,category,amount\nL01,路基,building_works\n",
        line: 2,
        field: "amount",
    },
    BadCsv {
        what: "a blank name",
        command: "stage",
        contents: "line,name,category,amount\n\"L01\",\"  \",building_works,100\n",
        line: 2,
        field: "name",
    },
];

#[tokio::test]
async fn a_bad_csv_file_names_file_line_and_field_and_changes_nothing() {
    let workspace = project_workspace();
    // A stored stage and target set, so that "unchanged" is not trivially empty.
    let stage = write(
        &workspace,
        "good.csv",
        &format!("{STAGE_HEADER}L01,路基,building_works,1\n"),
    );
    success(jixiao(
        &workspace,
        &["stage", "set", CODE, "--stage", "estimate", &stage],
    ));
    let before = snapshot(&workspace).await;
    for case in BAD_CSV {
        let file = write(&workspace, "bad-lines.csv", case.contents);
        let args: Vec<&str> = match case.command {
            "stage" => vec!["stage", "set", CODE, "--stage", "estimate", &file],
            _ => vec!["budget", "draft", CODE, "--year", "2026", &file],
        };
        let refused = failure(jixiao(&workspace, &args));
        let place = format!(
            "bad-lines.csv, line {}, field \"{}\"",
            case.line, case.field
        );
        assert!(refused.contains(&place), "{}: {refused}", case.what);
        assert_eq!(snapshot(&workspace).await, before, "{}", case.what);
    }
}

/// A JSON file that must be refused, and the path its error must name.
struct BadJson {
    what: &'static str,
    /// `justify` for `budget justify`, `targets` for `targets set`.
    command: &'static str,
    contents: fn() -> serde_json::Value,
    message: &'static str,
}

const BAD_JSON: &[BadJson] = &[
    BadJson {
        what: "a justification with a basis of an unknown kind",
        command: "justify",
        contents: || {
            let mut value = justification("5", "1000000");
            value["basis"]["kind"] = "guess".into();
            value
        },
        message: "$.basis",
    },
    BadJson {
        what: "a justification without its necessity",
        command: "justify",
        contents: || {
            let mut value = justification("5", "1000000");
            value.as_object_mut().unwrap().remove("necessity");
            value
        },
        message: "missing field `necessity`",
    },
    BadJson {
        what: "a target weight that is not a number",
        command: "targets",
        contents: || {
            let mut value = complete_targets();
            value["indicators"][1]["indicator"]["weight"] = "thirty".into();
            value
        },
        message: "$.indicators[1].indicator.weight",
    },
    BadJson {
        what: "an owner who does not exist",
        command: "targets",
        contents: || {
            let mut value = complete_targets();
            value["indicators"][0]["owner"] = "user:nobody".into();
            value
        },
        message: "nobody",
    },
];

#[tokio::test]
async fn a_bad_json_file_names_what_is_wrong_and_changes_nothing() {
    let workspace = project_workspace();
    let draft = write(&workspace, "draft.csv", DRAFT);
    success(jixiao(
        &workspace,
        &["budget", "draft", CODE, "--year", "2026", &draft],
    ));
    let before = snapshot(&workspace).await;
    for case in BAD_JSON {
        let file = write(&workspace, "bad.json", &(case.contents)().to_string());
        let args: Vec<&str> = match case.command {
            "justify" => vec![
                "budget", "justify", CODE, "--year", "2026", "--line", "L01", &file,
            ],
            _ => vec!["targets", "set", CODE, &file],
        };
        let refused = failure(jixiao(&workspace, &args));
        assert!(refused.contains(case.message), "{}: {refused}", case.what);
        assert!(refused.contains("bad.json"), "{}: {refused}", case.what);
        assert_eq!(snapshot(&workspace).await, before, "{}", case.what);
    }
}
