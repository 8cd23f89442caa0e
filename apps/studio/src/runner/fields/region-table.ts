/** The GB/T 2260 code table (names of provinces, cities and districts), loaded on demand. */
export interface RegionNode { value: string; label: string; children?: RegionNode[] }

export interface RegionTable {
  names: Map<string, string>;
  /** The cascader's options, down to `depth` levels (1 province, 2 city, 3 district). */
  tree(depth: number): RegionNode[];
}

export async function loadRegions(): Promise<RegionTable> {
  const { areaList } = await import('@vant/area-data');
  const names = new Map<string, string>();
  const lists = [areaList.province_list, areaList.city_list, areaList.county_list];
  for (const list of lists) for (const [code, name] of Object.entries(list)) names.set(code, name);
  const trees = new Map<number, RegionNode[]>();
  return {
    names,
    tree(depth) {
      const cached = trees.get(depth);
      if (cached) return cached;
      const provinces: RegionNode[] = Object.entries(areaList.province_list).map(([value, label]) => ({ value, label }));
      if (depth > 1) {
        const cities = new Map<string, RegionNode>();
        for (const [value, label] of Object.entries(areaList.city_list)) {
          const city: RegionNode = { value, label };
          cities.set(value, city);
          const province = provinces.find((p) => p.value.slice(0, 2) === value.slice(0, 2));
          if (province) (province.children ??= []).push(city);
        }
        if (depth > 2) {
          for (const [value, label] of Object.entries(areaList.county_list)) {
            const city = cities.get(`${value.slice(0, 4)}00`);
            if (city) (city.children ??= []).push({ value, label });
          }
        }
      }
      trees.set(depth, provinces);
      return provinces;
    },
  };
}
