fn main() {
    iop_planner::platform::panic::install_hook();
    leptos::mount::mount_to_body(iop_planner::ui::IopPlanner);
}
