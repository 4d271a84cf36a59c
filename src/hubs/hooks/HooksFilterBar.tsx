/**
 * Health, status and project filters (azure-devops-ui FilterBar with multi-select dropdowns). Empty = any.
 * The choices are the values present in the lists, each with its count.
 */
import * as React from "react";
import { DropdownFilterBarItem } from "azure-devops-ui/Dropdown";
import { FilterBar } from "azure-devops-ui/FilterBar";
import { DropdownMultiSelection } from "azure-devops-ui/Utilities/DropdownSelection";
import { FILTER_CHANGE_EVENT, Filter, type IFilterState } from "azure-devops-ui/Utilities/Filter";
import type { HookState } from "../../core/hooks/index";
import type { FilterOption, HookFilters, StatusKey } from "./hooksModel";

export interface HooksFilterBarProps {
  options: { states: FilterOption<HookState>[]; statuses: FilterOption<StatusKey>[]; projects: FilterOption<string>[] };
  onChange: (filters: HookFilters) => void;
  /** The project hub has one project: no project filter. */
  showProjects: boolean;
}

function values<T>(state: IFilterState, key: string): T[] {
  const value = state[key]?.value;
  return Array.isArray(value) ? (value as T[]) : [];
}

function items<K extends string>(options: FilterOption<K>[]) {
  return options.map((option) => ({ id: option.key, text: `${option.text} (${option.count})` }));
}

/**
 * Items change after a re-read, so each dropdown is keyed by its items: remounted, it re-selects from the
 * filter what still exists, and a chosen value that is gone drops out of the filter (no invisible choice keeps
 * hiding rows).
 */
function itemsKey(options: FilterOption<string>[]): string {
  return options.map((option) => `${option.key}:${option.count}`).join("|");
}

export function HooksFilterBar(props: HooksFilterBarProps): JSX.Element {
  const { options, onChange, showProjects } = props;
  const filter = React.useMemo(() => new Filter(), []);
  const selections = React.useMemo(
    () => ({ state: new DropdownMultiSelection(), status: new DropdownMultiSelection(), project: new DropdownMultiSelection() }),
    [],
  );
  const changed = React.useRef(onChange);
  changed.current = onChange;

  React.useEffect(() => {
    const observer = () => {
      const state = filter.getState();
      changed.current({ states: values(state, "state"), statuses: values(state, "status"), projects: values(state, "project") });
    };
    filter.subscribe(observer, FILTER_CHANGE_EVENT);
    return () => filter.unsubscribe(observer, FILTER_CHANGE_EVENT);
  }, [filter]);

  return (
    <div data-testid="hooks-filters">
      <FilterBar filter={filter} searchRoleAriaLabel="Filter subscriptions">
        <DropdownFilterBarItem
          key={`state-${itemsKey(options.states)}`}
          filterItemKey="state"
          filter={filter}
          items={items(options.states)}
          selection={selections.state}
          placeholder="Health"
          ariaLabel="Filter by health"
        />
        <DropdownFilterBarItem
          key={`status-${itemsKey(options.statuses)}`}
          filterItemKey="status"
          filter={filter}
          items={items(options.statuses)}
          selection={selections.status}
          placeholder="Status"
          ariaLabel="Filter by status"
        />
        {showProjects ? (
          <DropdownFilterBarItem
            key={`project-${itemsKey(options.projects)}`}
            filterItemKey="project"
            filter={filter}
            items={items(options.projects)}
            selection={selections.project}
            placeholder="Project"
            ariaLabel="Filter by project"
          />
        ) : null}
      </FilterBar>
    </div>
  );
}
