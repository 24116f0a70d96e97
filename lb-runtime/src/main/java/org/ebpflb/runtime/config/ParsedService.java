package org.ebpflb.runtime.config;

import com.typesafe.config.ConfigOrigin;
import java.util.Optional;
import org.ebpflb.api.model.ListenSpec;
import org.ebpflb.api.model.ServiceSpec;

/**
 * What could be read of one service, so that checks across services still run when a service has problems.
 *
 * @param object where the service object starts
 * @param name the name, when valid
 * @param nameOrigin where the name is, or the object when it has none
 * @param listen the listen spec, when valid
 * @param listenOrigin where {@code listen} is, or the object when it has none
 * @param spec the whole service, when its runtime keys are valid
 * @param claims the plugins owning its other keys
 */
record ParsedService(ConfigOrigin object, Optional<String> name, ConfigOrigin nameOrigin, Optional<ListenSpec> listen,
                     ConfigOrigin listenOrigin, Optional<ServiceSpec> spec, KeyOwners.Claims claims) {
}
