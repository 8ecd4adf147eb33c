"""Demo data: `flask seed-demo` (idempotent) and `flask demo-logins`."""
import click
from flask.cli import with_appcontext

from coordinator.extensions import db


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load departments, users of every role and demo projects; running it twice adds nothing."""
    from coordinator.demo import seed_all

    summary = seed_all()
    db.session.commit()
    click.echo(f"demo data: {summary}")


@click.command("demo-logins")
@with_appcontext
def demo_logins() -> None:
    """Print the demo accounts and their passwords."""
    from coordinator.demo import logins

    click.echo("Demo logins (open http://127.0.0.1:5000):")
    for row in logins():
        click.echo("  " + row)


commands = [seed_demo, demo_logins]
