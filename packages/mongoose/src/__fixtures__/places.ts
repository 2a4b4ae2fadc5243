// A region > site > location fixture (the seed's shape) with mongoose schemas, for the adapter's tests.
import { defineModel } from '@ssot/core';
import { Schema, type Connection } from 'mongoose';
import { defineMongooseMapping } from '../mapping.js';
import { ref, refList } from '../field-mapping.js';
import { syncStampPlugin } from '../stamp.js';

export interface Region { name: string; parent: string | null; sites: string[] }
export interface Site { name: string; region: string; status: string; asn: number; neighbors: string[]; locations: string[] }
export interface Location { site: string; name: string; floor: number }

export const region = defineModel<Region>()({ name: 'region', identifiers: ['name'], attributes: ['parent'], children: { site: 'sites' } });
export const site = defineModel<Site>()({ name: 'site', identifiers: ['name'], attributes: ['region', 'status', 'asn', 'neighbors'], children: { location: 'locations' } });
export const location = defineModel<Location>()({ name: 'location', identifiers: ['site', 'name'], attributes: ['floor'] });
export const models = { region, site, location };

export function placeSchemas(connection: Connection) {
  const regionSchema = new Schema({ name: { type: String, required: true, unique: true }, parent: { type: Schema.Types.ObjectId, ref: 'Region', default: null } });
  const siteSchema = new Schema({
    name: { type: String, required: true, unique: true },
    region: { type: Schema.Types.ObjectId, ref: 'Region', required: true },
    status: { type: String, enum: ['active', 'planned', 'retired'], required: true },
    asn: { type: Number, min: 1, max: 4294967295 },
    neighbors: [{ type: Schema.Types.ObjectId, ref: 'Site' }],
    code: { type: String, unique: true, sparse: true },
  });
  const locationSchema = new Schema({ site: { type: Schema.Types.ObjectId, ref: 'Site', required: true }, name: { type: String, required: true }, floor: { type: Number, required: true } });
  locationSchema.index({ site: 1, name: 1 }, { unique: true });
  for (const schema of [regionSchema, siteSchema, locationSchema]) schema.plugin(syncStampPlugin);
  const Region = connection.model('Region', regionSchema);
  const Site = connection.model('Site', siteSchema);
  const Location = connection.model('Location', locationSchema);
  const mapping = defineMongooseMapping(models, {
    region: { model: Region, fields: { parent: ref('region') } },
    site: { model: Site, fields: { region: ref('region'), neighbors: refList('site') } },
    location: { model: Location, fields: { site: ref('site') } },
  });
  return { Region, Site, Location, mapping };
}
