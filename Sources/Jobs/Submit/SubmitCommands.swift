/// The submit commands Racimo knows (JDL "Submit Description File Commands"), lower-cased.
enum SubmitCommands {
    /// Commands that shape the job description.
    static let used: [String] = [
        "executable", "arguments", "universe", "output", "error", "input", "log", "initialdir",
        "environment", "getenv", "requirements", "rank", "request_cpus", "request_memory",
        "request_disk", "priority", "notification", "notify_user", "should_transfer_files",
        "when_to_transfer_output", "transfer_input_files", "transfer_output_files",
        "transfer_executable", "max_retries", "success_exit_code", "retry_until",
        "on_exit_remove", "on_exit_hold", "on_exit_hold_reason", "on_exit_hold_subcode",
        "periodic_hold", "periodic_hold_reason", "periodic_hold_subcode", "periodic_release",
        "periodic_remove", "hold", "checkpoint_exit_code", "transfer_checkpoint_files",
        "batch_name", "accounting_group", "accounting_group_user",
    ]

    /// Real HTCondor commands Racimo accepts but does not act on: a warning says so, and they
    /// are not taken for misspellings.
    static let ignored: [String] = [
        "stream_output", "stream_error", "stream_input", "copy_to_spool", "image_size",
        "nice_user", "coresize", "kill_sig", "hold_kill_sig", "remove_kill_sig",
        "job_max_vacate_time", "allowed_execute_duration", "allowed_job_duration",
        "leave_in_queue", "next_job_start_delay", "max_materialize", "max_idle",
        "concurrency_limits", "request_gpus", "gpus_minimum_capability", "docker_image",
        "container_image", "output_destination", "transfer_output_remaps",
        "want_graceful_removal", "encrypt_input_files", "encrypt_output_files",
        "dont_encrypt_input_files", "dont_encrypt_output_files", "buffer_size",
        "buffer_block_size", "job_lease_duration", "deferral_time", "deferral_window",
        "deferral_prep_time", "cron_minute", "cron_hour", "cron_day_of_month", "cron_month",
        "cron_day_of_week", "keep_claim_idle", "periodic_vacate", "skip_filechecks",
        "stack_size", "description", "run_as_owner", "load_profile", "jar_files",
        "java_vm_args", "machine_count", "grid_resource", "x509userproxy", "use_x509userproxy",
        "use_oauth_services", "want_remote_io", "email_attributes", "log_xml", "dagman_log",
        "submit_event_notes", "job_ad_information_attrs", "erase_output_and_error_on_restart",
        "preserve_relative_executable", "checkpoint_destination", "job_machine_attrs",
        "job_machine_attrs_history_length", "max_transfer_input_mb", "max_transfer_output_mb",
        "transfer_plugins", "manifest", "manifest_dir", "want_io_proxy", "rendezvousdir",
        "match_list_length", "starter_log", "ulog_execute_attrs", "job_ad_information",
        "request_gpu_memory", "gpus_maximum_capability", "cuda_version", "hold_reason",
        "hold_reason_subcode", "periodic_release_reason", "periodic_remove_reason",
        "dont_encrypt", "max_job_retirement_time", "want_checkpoint", "want_ft_on_checkpoint",
        "when_to_transfer_output_on_evict", "job_lease", "transfer_container",
        "container_target_dir", "docker_network_type", "docker_pull_policy",
        "want_docker_image", "ssh_to_job", "requestcpus", "requestmemory", "requestdisk",
    ]

    /// Automatic variables (JDL l.2980-3035) that are not commands but are valid `$(…)` names.
    static let automatic: [String] = [
        "cluster", "clusterid", "process", "procid", "jobid", "step", "item", "itemindex",
        "row", "node", "submit_file", "submit_time", "arch", "opsys", "year", "month", "day",
        "opsysandver", "opsysmajorver", "opsysver", "filesystem_domain", "uid_domain",
    ]

    static let usedSet = Set(used)
    static let ignoredSet = Set(ignored)
    static var all: [String] { used + ignored }
}
