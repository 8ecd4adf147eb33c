"""`flask audit-verify`: walk the hash-chained audit trail and report the first broken link."""
import click
from flask.cli import with_appcontext


@click.command("audit-verify")
@with_appcontext
def audit_verify() -> None:
    """Exit 0 when every audit entry links to the one before it; else name the first broken entry (exit 1)."""
    from coordinator.services.audit import verify_chain

    checked, broken = verify_chain()
    if broken is None:
        click.echo(f"audit chain intact: {checked} entries")
        return
    entry_id, reason = broken
    click.echo(f"audit chain BROKEN at entry {entry_id}: {reason} ({checked} entries read)", err=True)
    raise SystemExit(1)


commands = [audit_verify]
