/**
 * The {@code lb} command line (picocli): run, validate, plugins, explain, status, reload, version. Commands that
 * need a running instance talk to its admin API; nothing here computes weights itself.
 */
package org.ebpflb.runtime.cli;
