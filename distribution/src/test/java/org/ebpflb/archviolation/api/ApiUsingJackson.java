package org.ebpflb.archviolation.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Violation: the API drags a JSON library into every plugin. */
public interface ApiUsingJackson {
    /** @return a JSON tree */
    JsonNode asJson();
}
