/**
 * Deliberate violations of the module dependency rules, laid out like the real modules under
 * {@code org.ebpflb.archviolation}; imported only by {@code DependencyRulesViolationArchTest} to show each rule
 * reports them. Nothing else may use these classes.
 */
package org.ebpflb.archviolation;
