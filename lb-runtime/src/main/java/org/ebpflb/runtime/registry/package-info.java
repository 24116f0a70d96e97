/**
 * The registry of plugin contributions (weight modifiers, target sources, admin routes, status sections), each
 * tagged with the plugin that registered it. Depends on lb-api only.
 */
package org.ebpflb.runtime.registry;
