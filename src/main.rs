//! Entry point of the web app (built by Trunk into `dist/`).

fn main() {
    kpi_dashboard::start();
}
