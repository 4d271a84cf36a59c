/**
 * Suggestions while an admin types the identity to check (the hubs' Permissions tab), as the Azure DevOps people
 * picker offers them: users and service principals whose name, sign-in name or mail starts with what is typed
 * (the Graph subject query, documented as a prefix match).
 * Descriptors and one-letter inputs are not searched: nothing useful would come back.
 */
import type { AdoGateway, PrincipalSuggestion } from "../ado";
import { scopedGateway, throwIfCancelled, type FlowContext } from "./context";

/** Fewer characters than this are not searched. */
export const MIN_SUGGEST_LENGTH = 2;
const DESCRIPTOR = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+;|^(aad|aadsp|msa|bnd|vssgp|aadgp|ungrp|scp)\./i;

export async function suggestIdentities(gateway: AdoGateway, text: string, context: FlowContext = {}): Promise<PrincipalSuggestion[]> {
  const typed = text.trim();
  if (typed.length < MIN_SUGGEST_LENGTH || DESCRIPTOR.test(typed)) return [];
  const found = await scopedGateway(gateway, context).searchIdentities(typed);
  throwIfCancelled(context);
  return found;
}
