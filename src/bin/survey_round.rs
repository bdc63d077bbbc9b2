//! Entry point of the survey round's page (survey.html, a staff page; built by Trunk).

fn main() {
    kpi_dashboard::start_survey();
}
