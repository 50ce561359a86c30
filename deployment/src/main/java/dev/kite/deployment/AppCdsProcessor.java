package dev.kite.deployment;

import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;

import dev.kite.startup.AppCdsRecorder;

/** The AppCDS archive holds what a start and its first requests load ({@link AppCdsRecorder}). */
class AppCdsProcessor {

    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    void loadListedClassesForTheArchive(AppCdsRecorder recorder) {
        recorder.loadListedClasses();
    }
}
