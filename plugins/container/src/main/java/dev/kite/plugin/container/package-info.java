/**
 * The built-in task type {@code container} ({@link dev.kite.plugin.container.ContainerPlugin}): a
 * pod per attempt built from the task's {@code container} object ({@code ContainerSpec}), the
 * optional pod template and the interruptible scheduling of {@code kite.container.*}
 * ({@code PodDefaults}); the pod's state classified into a task status ({@code PodStates}).
 * User guide: {@code src/docs/container-tasks.md}.
 */
package dev.kite.plugin.container;
