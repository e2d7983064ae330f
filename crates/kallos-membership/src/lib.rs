//! Membership services over the store: gathering a member's evidence and
//! evaluating it against a society's criteria, importing criteria files,
//! the job that keeps statuses current and queues reminders, and the outbox
//! sender (a folder of `.eml` files by default, SMTP when configured).

pub mod evidence;
pub mod jobs;
pub mod mail;

pub use evidence::{EvaluationError, Sponsor, evaluate_member};
pub use jobs::{JobReport, Step, run_once};
pub use mail::Mailer;

use kallos_domain::SocietyId;
use kallos_domain::audit::AuditContext;
use kallos_domain::membership::SocietyCriteria;
use kallos_domain::validation::ValidationErrors;
use kallos_store::{Change, Outcome, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Invalid(#[from] ValidationErrors),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Parses a criteria file (TOML or JSON) and makes it the society's
/// criteria. Nothing is stored unless the whole file is valid. Returns
/// whether anything changed.
pub async fn import_criteria(
    store: &dyn Store,
    ctx: &AuditContext,
    society: SocietyId,
    text: &str,
) -> Result<(SocietyCriteria, bool), ImportError> {
    let criteria = SocietyCriteria::parse(text)?;
    let outcomes = store
        .apply(
            ctx,
            vec![Change::SetSocietyCriteria {
                society,
                criteria: Box::new(criteria.clone()),
            }],
        )
        .await?;
    Ok((criteria, outcomes.first() != Some(&Outcome::Unchanged)))
}
