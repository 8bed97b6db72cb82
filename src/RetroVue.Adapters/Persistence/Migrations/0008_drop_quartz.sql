-- Background jobs moved from Quartz to Hangfire, whose storage lives in the "hangfire" schema that Hangfire's own
-- scripts create when a server starts (BackgroundJobStore). Quartz's job store (0003_quartz.sql) is dropped with
-- whatever it still held: the schedules are rebuilt from the sources' settings at the next start.
DROP TABLE IF EXISTS
    qrtz_fired_triggers,
    qrtz_paused_trigger_grps,
    qrtz_paused_job_grps,
    qrtz_scheduler_state,
    qrtz_locks,
    qrtz_simple_triggers,
    qrtz_cron_triggers,
    qrtz_simprop_triggers,
    qrtz_blob_triggers,
    qrtz_triggers,
    qrtz_job_details,
    qrtz_calendars,
    qrtz_execution_history,
    qrtz_misfire_history,
    qrtz_job_status
    CASCADE;
