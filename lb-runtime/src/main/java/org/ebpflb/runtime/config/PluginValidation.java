package org.ebpflb.runtime.config;

import org.ebpflb.api.model.ServiceSpec;

/** Hands a service to the validators of the plugins owning its keys; a failing validator is a problem, not a crash. */
final class PluginValidation {
    private PluginValidation() {
    }

    /**
     * Runs only for services whose runtime keys are valid and whose every other key has an enabled owner, as
     * {@link org.ebpflb.api.spi.ConfigKeys#validate} promises.
     *
     * @param service a parsed service
     * @param problems receives what the validators found
     */
    static void run(ParsedService service, Problems problems) {
        if (service.spec().isEmpty() || !service.claims().complete()) {
            return;
        }
        ServiceSpec spec = service.spec().get();
        for (KeyOwners.Owner owner : service.claims().owners()) {
            try {
                problems.addAll(owner.keys().validate(spec));
            } catch (RuntimeException e) {
                problems.add(service.object(), "plugin " + owner.plugin() + " failed to validate service '"
                        + spec.name() + "': " + e);
            }
        }
    }
}
