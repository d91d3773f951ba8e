//! `jixiao import project` and `jixiao export project`: the `jixiao.project.v1` file.

use std::path::Path;

use anyhow::Context;
use jixiao_core::interchange::{self, OrganizationRef, ProjectFile};
use jixiao_core::{Organization, ProjectCode};
use jixiao_store::Store;

/// Loads one file, all or nothing: the organization it names is created when missing, in the
/// same transaction as the project.
pub async fn import(store: &Store, path: &Path, replace: bool) -> anyhow::Result<()> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {shown}"))?;
    let file = interchange::parse(&text)
        .with_context(|| format!("{shown} is not a valid project file"))?;
    let known = store.organizations().await?;
    let organization = organization_of(&file.organization, &known);
    store
        .import_dossier_with_organization(
            &file.dossier,
            Some(&organization),
            replace,
            &super::stamp(),
        )
        .await
        .with_context(|| format!("importing {shown}"))?;
    tracing::info!(
        project.code = %file.dossier.project.code,
        budgets = file.dossier.budgets.len(),
        expenditures = file.dossier.expenditures.len(),
        file = %shown,
        "project imported"
    );
    Ok(())
}

/// Writes one project to `output`, or to standard output.
pub async fn export(store: &Store, code: &str, output: Option<&Path>) -> anyhow::Result<()> {
    let code =
        ProjectCode::new(code).with_context(|| format!("\"{code}\" is not a project code"))?;
    let dossier = store
        .export_dossier(&code)
        .await
        .with_context(|| format!("reading project {code}"))?;
    let organizations = store.organizations().await?;
    let organization = organizations
        .iter()
        .find(|org| org.code == dossier.project.organization)
        .with_context(|| format!("the organization of project {code} is missing"))?;
    let file = ProjectFile {
        organization: OrganizationRef {
            code: organization.code.clone(),
            name: Some(organization.name.clone()),
            parent: organization.parent.clone(),
        },
        dossier,
    };
    let json = interchange::to_json(&file);
    match output {
        Some(path) => std::fs::write(path, json + "\n")
            .with_context(|| format!("writing {}", path.display()))?,
        None => println!("{json}"),
    }
    tracing::info!(project.code = %code, "project exported");
    Ok(())
}

/// The organization to create when the database lacks the one a file names; a file without a
/// name gets the code as its name. A parent the database does not know is left off (with a
/// warning) rather than invented: the organization tree is the deployment's, not the file's.
fn organization_of(reference: &OrganizationRef, known: &[Organization]) -> Organization {
    let parent = reference.parent.clone().filter(|parent| {
        let exists = known.iter().any(|org| &org.code == parent);
        if !exists && !known.iter().any(|org| org.code == reference.code) {
            tracing::warn!(
                organization = %reference.code,
                parent = %parent,
                "the parent organization is not stored; the organization is created at the top"
            );
        }
        exists
    });
    Organization {
        code: reference.code.clone(),
        name: reference
            .name
            .clone()
            .unwrap_or_else(|| reference.code.to_string()),
        parent,
    }
}
